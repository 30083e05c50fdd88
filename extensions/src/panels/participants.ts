/** The part of jupyter-collaboration's awareness we read: who has the room open. */
export interface AwarenessLike {
  getStates(): Map<number, Record<string, unknown>>;
  on(event: 'change', handler: () => void): void;
  off(event: 'change', handler: () => void): void;
}

/** Usernames present in the awareness states (jupyter-collaboration puts the server's
 * identity, i.e. the hub username, in `user.username`). Sent to the Participants panel as
 * `ip:presence`; the panel shows it as presence only (roles come from the service). */
export function presentUsers(awareness: AwarenessLike | null): Set<string> {
  const present = new Set<string>();
  if (!awareness) {
    return present;
  }
  for (const state of awareness.getStates().values()) {
    const user = state['user'] as { username?: unknown; name?: unknown } | undefined;
    const name = user?.username ?? user?.name;
    if (typeof name === 'string' && name) {
      present.add(name);
    }
  }
  return present;
}
