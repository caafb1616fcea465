import type { ErrorCode } from '@hilink/protocol'

/**
 * Spanish for the API's error messages. The English message stays the source (written where the error is
 * thrown, like gettext's msgid); this catalogue translates it. A message without an entry here still gets
 * Spanish: the sentence for its code, which is always right if less specific. `code` never changes, so a
 * client that translates codes itself is unaffected. A test checks that every entry still matches a message
 * the server gives, so a reworded English message cannot leave a stale translation behind.
 */
export const esByCode: Record<ErrorCode, string> = {
  invalid_request: 'La petición no es válida.',
  malformed_json: 'El cuerpo de la petición no es JSON válido.',
  payload_too_large: 'El cuerpo de la petición es demasiado grande.',
  unauthorized: 'Falta la credencial o no es válida.',
  forbidden: 'Este rol no puede hacer esto.',
  not_found: 'No se encontró.',
  conflict: 'No es posible en el estado actual.',
  rate_limited: 'Demasiadas peticiones; inténtelo de nuevo en un momento.',
  av_not_configured: 'El audio y el vídeo no están configurados en este servidor.',
}

/** Fixed English messages → Spanish. */
export const esMessages: Readonly<Record<string, string>> = {
  'Audio/video is not set up on this server (run npm run setup, or set LIVEKIT_URL; see docs/av.md).':
    'El audio y el vídeo no están configurados en este servidor (ejecute npm run setup o defina LIVEKIT_URL; vea docs/av.md).',
  'Close the poll before revealing its results.': 'Cierre la encuesta antes de mostrar sus resultados.',
  'Hands can be raised only while the session is live.': 'Solo se puede levantar la mano mientras la sesión está en directo.',
  'Idempotency-Key must be 8 to 100 letters, digits or -_.:': 'Idempotency-Key debe tener de 8 a 100 letras, dígitos o -_.:',
  'No LRS is configured.': 'No hay ningún LRS configurado.',
  'No such LTI platform.': 'No existe esa plataforma LTI.',
  'No such course.': 'No existe ese curso.',
  'No such delivery.': 'No existe esa entrega.',
  'No such entry in this course’s library.': 'No existe esa entrada en la biblioteca de este curso.',
  'No such message (it may have been deleted already).': 'No existe ese mensaje (puede que ya se haya borrado).',
  'No such poll in this session.': 'No existe esa encuesta en esta sesión.',
  'No such session.': 'No existe esa sesión.',
  'No such short-text answer in this session.': 'No existe esa respuesta de texto corto en esta sesión.',
  'No such statement.': 'No existe esa declaración.',
  'No such tenant.': 'No existe ese inquilino.',
  'No such webhook.': 'No existe ese webhook.',
  'Only a live session can be ended.': 'Solo se puede terminar una sesión en directo.',
  'Only a participant has a hand to raise.': 'Solo un participante tiene una mano que levantar.',
  'Only a participant joins audio/video.': 'Solo un participante se une al audio y el vídeo.',
  'Only a participant lowers hands.': 'Solo un participante baja manos.',
  'Only a participant moderates the chat.': 'Solo un participante modera el chat.',
  'Only a participant writes in the chat.': 'Solo un participante escribe en el chat.',
  'Only a scheduled session can be started.': 'Solo se puede iniciar una sesión programada.',
  'Polls can be launched only while the session is live.': 'Solo se pueden lanzar encuestas mientras la sesión está en directo.',
  'Send Authorization: Bearer <admin key or participant token>.':
    'Envíe Authorization: Bearer <clave de administración o token de participante>.',
  'Send Authorization: Bearer <operator key>.': 'Envíe Authorization: Bearer <clave de operador>.',
  'Signals come from participants.': 'Las señales vienen de los participantes.',
  'The admin key is not valid.': 'La clave de administración no es válida.',
  'The answer does not fit the poll: {option} for one choice, {options} for multiple, {answers} for a check with questions, {text} for short text.':
    'La respuesta no corresponde a la encuesta: {option} para una opción, {options} para varias, {answers} para una comprobación con preguntas, {text} para texto corto.',
  'The chat is open only while the session is live.': 'El chat solo está abierto mientras la sesión está en directo.',
  'The default tenant’s admin key comes from HILINK_ADMIN_KEY (or data/admin-key): change it there and restart.':
    'La clave de administración del inquilino predeterminado viene de HILINK_ADMIN_KEY (o data/admin-key): cámbiela ahí y reinicie.',
  'The operator key is not valid (a tenant admin key does not manage tenants).':
    'La clave de operador no es válida (una clave de administración de inquilino no gestiona inquilinos).',
  'The poll is already closed.': 'La encuesta ya está cerrada.',
  'The poll is closed; answers are no longer taken.': 'La encuesta está cerrada; ya no se aceptan respuestas.',
  'The results are revealed already.': 'Los resultados ya se han mostrado.',
  'The session has ended; its audio/video room is closed.': 'La sesión ha terminado; su sala de audio y vídeo está cerrada.',
  'The session has ended; no new tokens are minted for it.': 'La sesión ha terminado; ya no se emiten tokens para ella.',
  'The summary is already approved.': 'El resumen ya está aprobado.',
  'The summary is approved and can no longer be edited.': 'El resumen está aprobado y ya no se puede editar.',
  'The summary was approved meanwhile and can no longer be edited.': 'El resumen se aprobó entretanto y ya no se puede editar.',
  'The token is invalid or has expired.': 'El token no es válido o ha caducado.',
  'There is no summary yet: it is drafted when the session ends.': 'Aún no hay resumen: se redacta cuando termina la sesión.',
  'This Idempotency-Key was already used for another command.': 'Esta Idempotency-Key ya se usó para otra orden.',
  'This anonymous poll has your answer already; it cannot be changed.': 'Esta encuesta anónima ya tiene su respuesta; no se puede cambiar.',
  'This answer was rejected: a rejected answer is never shared.': 'Esta respuesta se rechazó: una respuesta rechazada nunca se comparte.',
  'This command is still running; try again in a moment.': 'Esta orden aún se está ejecutando; inténtelo de nuevo en un momento.',
  'Too many failed sign-ins; wait before trying again.': 'Demasiados inicios de sesión fallidos; espere antes de volver a intentarlo.',
  'agent.account: needs homePage and name.': 'agent.account: necesita homePage y name.',
  'agent: must be a JSON Agent object.': 'agent: debe ser un objeto Agent en JSON.',
  'cursor: not a cursor this API gave out.': 'cursor: no es un cursor que haya dado esta API.',
  'cursor: not a cursor this server gave out.': 'cursor: no es un cursor que haya dado este servidor.',
  'option: the poll has no such option.': 'option: la encuesta no tiene esa opción.',
}

/** Messages with a number or name in them: the pattern of the English, and the Spanish built from its parts. */
export const esPatterns: ReadonlyArray<readonly [RegExp, (...parts: string[]) => string]> = [
  [/^At most (\d+) changes a minute; try again shortly\.$/, (n) => `Como mucho ${n} cambios por minuto; inténtelo de nuevo en breve.`],
  [/^At most (\d+) signals a minute; try again shortly\.$/, (n) => `Como mucho ${n} señales por minuto; inténtelo de nuevo en breve.`],
  [/^Request bodies are limited to (\d+) bytes\.$/, (n) => `El cuerpo de una petición está limitado a ${n} bytes.`],
  [/^No route for (\S+) (\S+)\.$/, (method, path) => `No hay ninguna ruta para ${method} ${path}.`],
  [/^The (\w+) role may not (.+)\.$/, (role, action) => `El rol ${role} no puede hacer esto (${action}).`],
  [/^Not found: a participant token reaches only its own session \(the (\w+) role may not (.+)\)\.$/,
    (role, action) => `No se encontró: un token de participante solo llega a su propia sesión (el rol ${role} no puede: ${action}).`],
]
