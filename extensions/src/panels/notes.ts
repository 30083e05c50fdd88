import { ServiceError } from '../api';
import { clear, formatTime, h, notice } from '../dom';
import { RoomModel } from '../room';
import { RoomPanel } from './base';

const SAVE_AFTER_MS = 1200;

/**
 * Private notes of one interviewer, stored by the service (never in this server or the
 * notebook). Added to the sidebar only for the panel; the service refuses everyone else.
 */
export class NotesPanel extends RoomPanel {
  constructor(room: RoomModel) {
    super(room, {
      id: 'interview-notes',
      label: 'Interviewer notes',
      className: 'jp-InterviewNotes'
    });
    this.text.addEventListener('input', () => this.schedule());
    this.text.addEventListener('blur', () => void this.save());
  }

  private loaded = false;
  private dirty = false;
  private saving: Promise<void> | null = null;
  private timer = 0;
  private readonly text = h('textarea', {
    class: 'jp-InterviewNotes-text',
    'aria-label': 'Interviewer notes',
    placeholder: 'Private notes: only you see them. Saved as you type.',
    spellcheck: 'true'
  });
  private readonly saved = h('div', { class: 'jp-InterviewNotes-saved', role: 'status' });

  protected render(): void {
    if (!this.body.firstChild) {
      this.body.append(
        h(
          'p',
          { class: 'jp-InterviewNotes-help' },
          'Only you can read these notes. They are kept by the interviews service, never in this notebook.'
        ),
        this.text,
        this.saved
      );
    }
    if (!this.loaded) {
      this.loaded = true;
      void this.load();
    }
  }

  private async load(): Promise<void> {
    this.text.disabled = true;
    try {
      const notes = await this.room.client.notes(this.room.interviewId);
      if (!this.dirty) {
        this.text.value = notes.text;
      }
      this.setSaved(
        notes.updated_at ? `Saved ${formatTime(notes.updated_at)}` : 'No notes yet.'
      );
    } catch (reason) {
      this.loaded = false; // try again on the next refresh
      this.setSaved(
        reason instanceof ServiceError ? reason.message : 'Notes could not be loaded.',
        'error'
      );
      return;
    } finally {
      this.text.disabled = false;
    }
  }

  private schedule(): void {
    this.dirty = true;
    this.setSaved('Editing…');
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.save(), SAVE_AFTER_MS);
  }

  async save(): Promise<void> {
    window.clearTimeout(this.timer);
    if (this.saving) {
      await this.saving;
    }
    if (!this.dirty) {
      return;
    }
    this.dirty = false;
    const text = this.text.value;
    this.saving = (async () => {
      try {
        const notes = await this.room.client.saveNotes(this.room.interviewId, text);
        this.setSaved(`Saved ${formatTime(notes.updated_at)}`);
      } catch (reason) {
        this.dirty = true; // keep it: the next keystroke or blur retries
        this.setSaved(
          (reason instanceof ServiceError ? reason.message : 'Not saved (network).') +
            ' Retrying…',
          'error'
        );
        window.clearTimeout(this.timer);
        this.timer = window.setTimeout(() => void this.save(), 5000);
      } finally {
        this.saving = null;
      }
    })();
    await this.saving;
  }

  private setSaved(text: string, kind: 'info' | 'error' = 'info'): void {
    clear(this.saved);
    this.saved.append(kind === 'info' ? text : notice(text, 'error'));
  }

  override dispose(): void {
    window.clearTimeout(this.timer);
    super.dispose();
  }
}
