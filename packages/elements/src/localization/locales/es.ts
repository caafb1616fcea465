
    // Do not modify this file by hand!
    // Re-generate this file by running lit-localize

    
    import {str} from '@lit/localize';

    /* eslint-disable no-irregular-whitespace */
    /* eslint-disable @typescript-eslint/no-explicit-any */

    export const templates = {
      's17573e0b83a728bb': `Dejar de subtitular mi micrófono`,
's18d9277a5ac87167': `Participantes`,
's23537b5c9e7af982': `Subtítulos`,
's3598d9335d8181c6': `Profesor asistente`,
's398b7beb4becf33a': `Docente`,
's3d1396b47ff4a56f': `En directo`,
's4b3d16dbb8c4e7b7': `Subtitular mi micrófono`,
's5208745cd4708233': `Conectando…`,
's5a091b4a69b5840e': str`No se pudo usar el micrófono: ${0}`,
's656b546c8ad4f362': `Terminar la clase`,
's6b9f4e58bf8d6052': `El servidor rechazó este enlace de clase. Puede haber caducado: pide uno nuevo.`,
's6fc7d1380df700b7': `Observador`,
's774e1ad905547d06': `Estudiante`,
's78e5d7eb378fa97d': `La transcripción está desactivada en esta sesión.`,
's8ae8a2afabe27ed9': `Empezar la clase`,
's8f5f41272268128f': `Sin empezar`,
's946b0f032d97958e': `No se ha indicado ningún token de clase.`,
'sa61c2eb0c12377d5': `(tú)`,
'sb66ede9bbd11d8be': `En curso`,
'sc999fade9ee65d44': `Reconectando…`,
'scde3342a428aaee8': `Sin conexión`,
'scf939321e4ae6a9a': `Acceso denegado`,
'sd17789c573bb9c65': `Este enlace de clase no es válido.`,
'sda957277b073a235': str`En la sala (${0})`,
'sf113fa256db9617b': `Terminada`,
'sf3d7abe0d8607da6': `Esta sesión se transcribe para generar subtítulos y un resumen de la clase.`,
'sf9fdd5d8e7e76832': str`Subtítulos detenidos: ${0}`,
    };
  