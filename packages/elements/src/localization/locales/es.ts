
    // Do not modify this file by hand!
    // Re-generate this file by running lit-localize

    
    import {str} from '@lit/localize';

    /* eslint-disable no-irregular-whitespace */
    /* eslint-disable @typescript-eslint/no-explicit-any */

    export const templates = {
      's06015e1642261af7': `Temas tratados`,
's08f551f6f83f4f12': `Borrador del resumen de la clase`,
's11ee90e2f15f58b2': `La última vez`,
's17573e0b83a728bb': `Dejar de subtitular mi micrófono`,
's18d9277a5ac87167': `Participantes`,
's23537b5c9e7af982': `Subtítulos`,
's3598d9335d8181c6': `Profesor asistente`,
's398b7beb4becf33a': `Docente`,
's3d1396b47ff4a56f': `En directo`,
's3eb2714089450ebe': `Nada en esta sección.`,
's40e8881fc5120e8e': `Los subtítulos aparecen aquí cuando alguien habla.`,
's4339217af12921d3': `Resumen de la clase (aprobado, resúmenes enviados)`,
's4b3d16dbb8c4e7b7': `Subtitular mi micrófono`,
's4eb6ced7b1835bd9': `Aprobar y enviar resúmenes`,
's5208745cd4708233': `Conectando…`,
's5a091b4a69b5840e': str`No se pudo usar el micrófono: ${0}`,
's5ec1bc0cc3eb6c42': `Asistencia`,
's656b546c8ad4f362': `Terminar la clase`,
's6b9f4e58bf8d6052': `El servidor rechazó este enlace de clase. Puede haber caducado: pide uno nuevo.`,
's6fc7d1380df700b7': `Observador`,
's774e1ad905547d06': `Estudiante`,
's78e5d7eb378fa97d': `La transcripción está desactivada en esta sesión.`,
's8710fe8c820e2f1e': `Escrito por ti`,
's8ae8a2afabe27ed9': `Empezar la clase`,
's8f5f41272268128f': `Sin empezar`,
's946b0f032d97958e': `No se ha indicado ningún token de clase.`,
's9e7e2c2599513eca': `Subtítulos en directo`,
'sa61c2eb0c12377d5': `(tú)`,
'sb28e54107b153dfa': `Reforzar`,
'sb66ede9bbd11d8be': `En curso`,
'sc0d63d7f492b898b': `Guardar borrador`,
'sc0f5eec271378ed9': `Respuesta del alumnado`,
'sc999fade9ee65d44': `Reconectando…`,
'sca9871d6db60957d': `Seguimiento`,
'scadebd773a6fe6e0': `De la asistencia`,
'scde3342a428aaee8': `Sin conexión`,
'scf939321e4ae6a9a': `Acceso denegado`,
'sd17789c573bb9c65': `Este enlace de clase no es válido.`,
'sd49d0adb22ea460a': str`De la transcripción, minuto ${0}`,
'sda957277b073a235': str`En la sala (${0})`,
'se93dbb7fe5fdc847': `Necesita refuerzo`,
'sf113fa256db9617b': `Terminada`,
'sf1a5af2d7600a150': `Guía para esta sesión`,
'sf3d7abe0d8607da6': `Esta sesión se transcribe para generar subtítulos y un resumen de la clase.`,
'sf9fdd5d8e7e76832': str`Subtítulos detenidos: ${0}`,
    };
  