/** Public surface of the sign-in feature: the gate, the session, the owner-PIN override, users. */
export { AuthGate } from './AuthGate';
export { SessionBar } from './SessionBar';
export { ROLE_LABEL, useCan, useSession, type SessionValue } from './session';
export { useOwnerOverride, type RunWithOverride } from './ownerOverride';
export { OwnerOverrideProvider } from './OwnerOverrideProvider';
export { PinPad } from './PinPad';
export { UsersPanel } from './UsersPanel';
export { TillSettingsPanel } from './TillSettingsPanel';
export { authStatusQuery, prefetchOnSignIn, useUsers, type SignInPrefetch } from './api';
