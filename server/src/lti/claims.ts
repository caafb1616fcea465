import { z } from 'zod'
import type { ParticipantRole } from '@hilink/protocol'

/** LTI 1.3 claim names (IMS LTI Core, Deep Linking, NRPS and AGS specifications). */
export const claim = {
  messageType: 'https://purl.imsglobal.org/spec/lti/claim/message_type',
  version: 'https://purl.imsglobal.org/spec/lti/claim/version',
  deploymentId: 'https://purl.imsglobal.org/spec/lti/claim/deployment_id',
  targetLinkUri: 'https://purl.imsglobal.org/spec/lti/claim/target_link_uri',
  resourceLink: 'https://purl.imsglobal.org/spec/lti/claim/resource_link',
  roles: 'https://purl.imsglobal.org/spec/lti/claim/roles',
  context: 'https://purl.imsglobal.org/spec/lti/claim/context',
  custom: 'https://purl.imsglobal.org/spec/lti/claim/custom',
  deepLinkingSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  contentItems: 'https://purl.imsglobal.org/spec/lti-dl/claim/content_items',
  deepLinkingData: 'https://purl.imsglobal.org/spec/lti-dl/claim/data',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
  ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  launchPresentation: 'https://purl.imsglobal.org/spec/lti/claim/launch_presentation',
} as const

export const scopes = {
  membership: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
} as const

export const messageTypes = ['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'] as const

/**
 * The claims HiLink reads from a verified id_token (signature, iss, aud, exp, iat and nonce are checked by
 * the service before). Unknown claims pass through: platforms send many more.
 */
export const launchClaims = z.looseObject({
  sub: z.string().min(1).max(255),
  name: z.string().max(200).optional(),
  given_name: z.string().max(100).optional(),
  family_name: z.string().max(100).optional(),
  azp: z.string().optional(),
  [claim.deploymentId]: z.string().min(1).max(255),
  [claim.roles]: z.array(z.string()).default([]),
  [claim.resourceLink]: z.looseObject({ id: z.string().min(1).max(255), title: z.string().max(500).optional() }).optional(),
  [claim.context]: z.looseObject({ id: z.string().min(1).max(255), title: z.string().max(500).optional(), label: z.string().max(500).optional() }).optional(),
  [claim.custom]: z.record(z.string(), z.unknown()).optional(),
  [claim.deepLinkingSettings]: z
    .looseObject({ deep_link_return_url: z.url(), accept_types: z.array(z.string()).optional(), data: z.string().optional() })
    .optional(),
  [claim.nrps]: z.looseObject({ context_memberships_url: z.url() }).optional(),
  [claim.ags]: z.looseObject({ scope: z.array(z.string()).default([]), lineitem: z.url().optional(), lineitems: z.url().optional() }).optional(),
  // How the LMS shows the tool (iframe, window) and the user's language there: a hint, so a malformed one is dropped
  // rather than refusing the launch.
  [claim.launchPresentation]: z
    .looseObject({ document_target: z.string().max(50).optional(), locale: z.string().max(35).optional() })
    .optional()
    .catch(undefined),
})
export type LaunchClaims = z.infer<typeof launchClaims>

const role = (iri: string) => iri.slice(iri.lastIndexOf('#') + 1)

/**
 * LTI roles → a HiLink role. Membership and institution roles are read alike (by the name after '#'), and
 * sub-roles (…/membership/Instructor#TeachingAssistant) by theirs; institution roles count only without any
 * membership role. The strongest role wins: instructor
 * (Instructor; Administrator and ContentDeveloper run the course too, and a tenant admin's key is not
 * something a launch should hand out), ta (TeachingAssistant, a sub-role of Instructor that must not become
 * instructor), learner, then observer (Mentor, or no role the tool knows: a parent, a guest).
 */
export function hilinkRole(roles: readonly string[]): ParticipantRole {
  // Context (membership) roles decide when there are any: a faculty member (institution role Instructor)
  // taking another course as a Learner is a learner there.
  const membership = roles.filter((r) => r.includes('/membership') || !r.includes('/'))
  const names = new Set((membership.length ? membership : roles).map(role))
  // A TeachingAssistant sub-role is sent with its principal role Instructor: the sub-role decides.
  if (names.has('TeachingAssistant') || roles.some((r) => /\/membership\/TeachingAssistant/.test(r))) return 'ta'
  if (names.has('Instructor') || names.has('Administrator') || names.has('ContentDeveloper')) return 'instructor'
  if (names.has('Learner') || names.has('Student')) return 'learner'
  return 'observer'
}

/** A display name from the claims, else the user's id in the LMS. */
export function displayName(c: { sub: string; name?: string | undefined; given_name?: string | undefined; family_name?: string | undefined }): string {
  const full = c.name?.trim() || [c.given_name, c.family_name].filter(Boolean).join(' ').trim()
  return (full || `LMS user ${c.sub}`).replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 200)
}

/** The participant id of an LMS user: the platform's id first, so two LMSs' users can never collide. */
export const participantId = (platformId: string, sub: string) => `${platformId}:${sub}`
/** The LMS user id back from a participant id of that platform (AGS, NRPS), or undefined. */
export const subOf = (platformId: string, userId: string) => (userId.startsWith(`${platformId}:`) ? userId.slice(platformId.length + 1) : undefined)
