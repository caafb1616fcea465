/**
 * Spanish for the LTI pages (refusals, deep linking, the auto-post, too many refusals). As in the API's
 * catalogue (server/src/http/messages.es.ts), the English text stays the source where it is written, like
 * gettext's msgid; `{name}` marks a value filled in after translation. Messages that carry values from the
 * launch (issuers, kids, URLs) are matched by pattern. A test renders every refusal in Spanish and fails on
 * English left over, so a reworded English message cannot silently lose its translation.
 */
export const esLti: Readonly<Record<string, string>> = {
  // Page furniture
  'HiLink could not open the lesson from your LMS. If this keeps happening, show this page to your LMS administrator.':
    'HiLink no pudo abrir la lección desde su LMS. Si vuelve a ocurrir, muestre esta página al administrador de su LMS.',
  'Continue to your LMS': 'Continuar a su LMS',
  'Adding the session to your course…': 'Añadiendo la sesión a su curso…',
  'Add a HiLink session': 'Añadir una sesión de HiLink',
  'Add a HiLink session to {course}': 'Añadir una sesión de HiLink a {course}',
  'this course': 'este curso',
  'Which session?': '¿Qué sesión?',
  'A new session': 'Una sesión nueva',
  'Title of the new session': 'Título de la sesión nueva',
  'Add to the course': 'Añadir al curso',
  scheduled: 'programada',
  live: 'en directo',
  ended: 'terminada',
  'Too many refused launches': 'Demasiados inicios rechazados',
  'Too many launches from this address were refused in the last minute. Wait {seconds} seconds, then start again from the LMS.':
    'Se rechazaron demasiados inicios desde esta dirección en el último minuto. Espere {seconds} segundos y vuelva a empezar desde el LMS.',
  'The LMS sent a request HiLink cannot read': 'El LMS envió una petición que HiLink no puede leer',

  // Refusal titles
  'Only instructors place HiLink sessions': 'Solo los profesores colocan sesiones de HiLink',
  'The launch is missing information': 'Al inicio le falta información',
  'This page has expired': 'Esta página ha caducado',
  'This LMS is no longer registered': 'Este LMS ya no está registrado',
  'No such session in this course': 'Esa sesión no es de este curso',
  'The new session needs a title': 'La sesión nueva necesita un título',
  'The LMS sent an incomplete login': 'El LMS envió un inicio de sesión incompleto',
  'This LMS is not registered': 'Este LMS no está registrado',
  'The LMS did not say which registration': 'El LMS no indicó qué registro usar',
  'This deployment is not registered': 'Este despliegue no está registrado',
  'The launch target is not HiLink': 'El destino del inicio no es HiLink',
  'The LMS refused the login': 'El LMS rechazó el inicio de sesión',
  'The launch is incomplete': 'El inicio está incompleto',
  'This launch did not start in this browser': 'Este inicio no empezó en este navegador',
  'This launch has expired or was already used': 'Este inicio ha caducado o ya se usó',
  'The launch token is malformed': 'El token de inicio está mal formado',
  'The launch token is unsigned': 'El token de inicio no está firmado',
  'The launch token uses the wrong algorithm': 'El token de inicio usa un algoritmo incorrecto',
  'The launch token names no key': 'El token de inicio no indica ninguna clave',
  'The launch token is meant for several parties': 'El token de inicio va dirigido a varias partes',
  'This launch was already used': 'Este inicio ya se usó',
  'The launch token does not belong to this login': 'El token de inicio no corresponde a este inicio de sesión',
  'Unsupported LTI version': 'Versión de LTI no admitida',
  'Unsupported kind of launch': 'Tipo de inicio no admitido',
  'The launch token has expired': 'El token de inicio ha caducado',
  'The launch token is signed with an unknown key': 'El token de inicio está firmado con una clave desconocida',
  "The launch token's signature is wrong": 'La firma del token de inicio no es correcta',
  "The LMS's keys could not be read": 'No se pudieron leer las claves del LMS',
  'The launch token was refused': 'Se rechazó el token de inicio',

  // Refusal details without values
  "Adding a HiLink session to the course is for the course's instructors.": 'Añadir una sesión de HiLink al curso corresponde a los profesores del curso.',
  'A deep linking request needs its deep_linking_settings (where to send the choice).':
    'Una petición de deep linking necesita su deep_linking_settings (adónde enviar la elección).',
  'The choice page is valid for 30 minutes. Start again from the LMS.': 'La página de elección es válida durante 30 minutos. Vuelva a empezar desde el LMS.',
  'The platform was removed.': 'Se eliminó la plataforma.',
  "The session chosen is not one of this course's sessions.": 'La sesión elegida no es una de las sesiones de este curso.',
  'Give the session a title, or pick an existing one.': 'Dé un título a la sesión o elija una existente.',
  'A login needs iss, login_hint and target_link_uri; one of them is missing.': 'Un inicio de sesión necesita iss, login_hint y target_link_uri; falta alguno.',
  'A launch needs id_token and state; one of them is missing.': 'Un inicio necesita id_token y state; falta alguno.',
  'The login cookie for this launch is missing: the launch must come back to the browser that started it (cookies blocked, or a launch link opened elsewhere). Start again from the LMS.':
    'Falta la cookie de inicio de sesión de este inicio: el inicio debe volver al navegador que lo empezó (cookies bloqueadas, o un enlace de inicio abierto en otro sitio). Vuelva a empezar desde el LMS.',
  'The login state is unknown, used or older than 10 minutes. Start again from the LMS.':
    'El estado del inicio de sesión es desconocido, ya se usó o tiene más de 10 minutos. Vuelva a empezar desde el LMS.',
  'The platform was removed while the launch was under way.': 'Se eliminó la plataforma mientras el inicio estaba en curso.',
  'The id_token is not a JSON Web Token.': 'El id_token no es un JSON Web Token.',
  'The id_token uses "alg: none" (no signature). Only RS256-signed tokens are accepted.': 'El id_token usa "alg: none" (sin firma). Solo se aceptan tokens firmados con RS256.',
  'The id_token header has no "kid", so its key cannot be found in the platform\'s JWKS.':
    'La cabecera del id_token no tiene "kid", así que su clave no se puede encontrar en el JWKS de la plataforma.',
  "The id_token's nonce has been seen before: a launch token works once (a replayed launch). Start again from the LMS.":
    'El nonce del id_token ya se había visto: un token de inicio sirve una sola vez (un inicio repetido). Vuelva a empezar desde el LMS.',
  "The id_token's nonce is not the one HiLink sent with this login.": 'El nonce del id_token no es el que HiLink envió con este inicio de sesión.',
  "The id_token's claims are not valid.": 'Los claims del id_token no son válidos.',
  'A resource link launch needs its resource_link claim (which placement in the course was opened).':
    'Un inicio de enlace de recurso necesita su claim resource_link (qué ubicación del curso se abrió).',
  'The id_token\'s "exp" time has passed. Start again from the LMS.': 'La hora "exp" del id_token ya pasó. Vuelva a empezar desde el LMS.',
  "The id_token's signature does not match the platform's key: it was altered or signed by someone else.":
    'La firma del id_token no coincide con la clave de la plataforma: se alteró o la firmó otra persona.',
  'The id_token\'s issue time ("iat") is in the future or more than 10 minutes ago.': 'La hora de emisión del id_token ("iat") está en el futuro o es de hace más de 10 minutos.',
  'The id_token is not valid yet ("nbf").': 'El id_token aún no es válido ("nbf").',
}

/** Messages with values from the launch: English pattern → Spanish. */
export const esLtiPatterns: ReadonlyArray<readonly [RegExp, (...parts: string[]) => string]> = [
  [
    /^No platform with issuer (.+?)(?: and client id (.+))? is registered with HiLink\. An administrator registers it first \(POST \/api\/v1\/lti\/platforms\)\.$/s,
    (iss, client) => `No hay ninguna plataforma con el emisor ${iss}${client ? ` y el client id ${client}` : ''} registrada en HiLink. Un administrador debe registrarla antes (POST /api/v1/lti/platforms).`,
  ],
  [/^Several registrations share the issuer (.+); the login must name its client_id\.$/s, (iss) => `Varios registros comparten el emisor ${iss}; el inicio de sesión debe indicar su client_id.`],
  [/^The LMS launched deployment (.+), which is not one of the deployment ids registered for it\.$/s, (d) => `El LMS inició el despliegue ${d}, que no es uno de los deployment ids registrados para él.`],
  [
    /^The login's target_link_uri \((.*)\) is not an address of this tool \((.*)\)\. The LMS's tool link must point at HiLink\.$/s,
    (target, tool) => `El target_link_uri del inicio de sesión (${target}) no es una dirección de esta herramienta (${tool}). El enlace a la herramienta en el LMS debe apuntar a HiLink.`,
  ],
  [/^The LMS answered "(.*?)"(?:: (.*))?\.$/s, (error, description) => `El LMS respondió "${error}"${description ? `: ${description}` : ''}.`],
  [/^The id_token is signed with (.+); LTI 1\.3 requires RS256 with the platform's published key\.$/s, (alg) => `El id_token está firmado con ${alg}; LTI 1.3 exige RS256 con la clave publicada por la plataforma.`],
  [
    /^The id_token has several audiences, and its "azp" \((.*)\) is not HiLink's client id (.+)\.$/s,
    (azp, client) => `El id_token tiene varios destinatarios, y su "azp" (${azp}) no es el client id de HiLink ${client}.`,
  ],
  [/^The id_token's "(.+)" claim is missing or not valid \((.*)\)\.$/s, (claimName, reason) => `El claim "${claimName}" del id_token falta o no es válido (${reason}).`],
  [/^The id_token's (.+) is not valid \((.*)\)\.$/s, (path, reason) => `El ${path} del id_token no es válido (${reason}).`],
  [/^The launch says LTI version (.*); HiLink supports 1\.3\.0\.$/s, (v) => `El inicio indica la versión de LTI ${v}; HiLink admite la 1.3.0.`],
  [/^The launch's message type is (.*); HiLink accepts (.*) and (.*)\.$/s, (type, a, b) => `El tipo de mensaje del inicio es ${type}; HiLink acepta ${a} y ${b}.`],
  [
    /^The launch comes from deployment (.+), which is not one of the deployment ids registered for this LMS \((.*)\)\.$/s,
    (d, ids) => `El inicio viene del despliegue ${d}, que no es uno de los deployment ids registrados para este LMS (${ids}).`,
  ],
  [/^The platform's JWKS \((.+)\) has no key with kid "(.*)"\.$/s, (jwks, kid) => `El JWKS de la plataforma (${jwks}) no tiene ninguna clave con kid "${kid}".`],
  [/^HiLink could not fetch a valid JWKS from (.+)\.$/s, (jwks) => `HiLink no pudo obtener un JWKS válido de ${jwks}.`],
  [
    /^The id_token is not meant for HiLink: its audience \("aud"\) does not include HiLink's client id (.+)\.$/s,
    (client) => `El id_token no va dirigido a HiLink: su destinatario ("aud") no incluye el client id de HiLink ${client}.`,
  ],
  [/^The id_token's issuer \("iss"\) is not (.+), the issuer registered for this LMS\.$/s, (iss) => `El emisor del id_token ("iss") no es ${iss}, el emisor registrado para este LMS.`],
  [/^The id_token could not be verified \((.*)\)\.$/s, (why) => `No se pudo verificar el id_token (${why}).`],
]
