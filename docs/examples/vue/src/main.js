import { createApp } from 'vue'
// Defines <hl-classroom> and the elements it uses (the rarely used ones load on demand).
import '@hilink/elements'
import App from './App.vue'

createApp(App).mount('#app')
