import { h } from '../dom';
import { RoomModel } from '../room';
import { RoomPanel } from './base';

/** The part of jupyter-collaboration's awareness we read: who has the room open. */
export interface AwarenessLike {
  getStates(): Map<number, Record<string, unknown>>;
  on(event: 'change', handler: () => void): void;
  off(event: 'change', handler: () => void): void;
}

/** Usernames present in the awareness states (jupyter-collaboration puts the server's
 * identity, i.e. the hub username, in `user.username`). */
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

export class ParticipantsPanel extends RoomPanel {
  constructor(
    room: RoomModel,
    private readonly awareness: AwarenessLike | null
  ) {
    super(room, {
      id: 'interview-participants',
      label: 'Participants',
      className: 'jp-InterviewParticipants'
    });
    awareness?.on('change', this.onAwareness);
  }

  private readonly onAwareness = (): void => this.update();

  protected render(): void {
    const interview = this.room.interview;
    if (!interview) {
      return;
    }
    const present = presentUsers(this.awareness);
    const me = this.room.me?.name ?? this.room.config.user;
    if (me) {
      present.add(me);
    }
    const people: [string, string][] = [];
    if (interview.candidate) {
      people.push([interview.candidate, 'candidate']);
    }
    for (const name of interview.interviewers) {
      people.push([name, 'interviewer']);
    }
    const list = h('ul', { class: 'jp-InterviewParticipants-list' });
    for (const [name, role] of people) {
      const here = present.has(name);
      list.append(
        h(
          'li',
          { 'data-user': name, 'data-present': String(here) },
          h('span', {
            class: `jp-InterviewPresence ${here ? 'jp-mod-present' : ''}`,
            title: here ? 'In the room' : 'Not in the room'
          }),
          h(
            'span',
            { class: 'jp-InterviewParticipants-name' },
            name + (name === me ? ' (you)' : '')
          ),
          h('span', { class: `jp-InterviewBadge jp-InterviewBadge-${role}` }, role)
        )
      );
    }
    const others = [...present].filter(name => !people.some(([p]) => p === name));
    for (const name of others) {
      list.append(
        h(
          'li',
          { 'data-user': name, 'data-present': 'true' },
          h('span', { class: 'jp-InterviewPresence jp-mod-present' }),
          h('span', { class: 'jp-InterviewParticipants-name' }, name),
          h('span', { class: 'jp-InterviewBadge' }, 'guest')
        )
      );
    }
    this.body.replaceChildren(list);
  }

  override dispose(): void {
    this.awareness?.off('change', this.onAwareness);
    super.dispose();
  }
}
