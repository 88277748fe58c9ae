/**
 * A line's chosen options and note under its name (cart, open bill), as Rust priced them, and the
 * small dialog that edits a cart line's note.
 */
import { useState } from 'react';
import { Button } from '../../components/Button';
import { Modal } from '../../components/Modal';
import { inputClass } from '../../components/styles';
import { useEscape } from '../../components/useEscape';
import type { ChosenOption } from '../../lib/ipc';
import { optionLabel } from './cart';

/** Longest note Rust takes (`MAX_NOTE_CHARS`). */
export const MAX_NOTE_CHARS = 120;

export function LineDetails({ options, note }: { options: ChosenOption[]; note: string | null }) {
  if (options.length === 0 && !note) return null;
  return (
    <div data-testid="cart-line-options" className="text-xs text-slate-600">
      {options.length > 0 && <p className="truncate">{options.map(optionLabel).join(', ')}</p>}
      {note && (
        <p className="truncate italic text-amber-800" data-testid="cart-line-note">
          Catatan: {note}
        </p>
      )}
    </div>
  );
}

interface NoteDialogProps {
  title: string;
  current: string;
  onApply: (note: string) => void;
  onClose: () => void;
}

export function NoteDialog({ title, current, onApply, onClose }: NoteDialogProps) {
  const [note, setNote] = useState(current);
  useEscape(onClose);
  return (
    <Modal title={title} testId="note-dialog" onClose={onClose} width="max-w-sm">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          onApply(note);
        }}
      >
        <label className="block">
          <span className="text-sm font-medium text-slate-700">Catatan</span>
          <input
            data-testid="note-input"
            className={inputClass}
            autoFocus
            autoComplete="off"
            maxLength={MAX_NOTE_CHARS}
            placeholder="Catatan, mis. tanpa es"
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </label>
        <p className="text-xs text-slate-500">Kosongkan lalu Simpan untuk menghapus catatan.</p>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" size="sm" onClick={onClose}>
            Batal
          </Button>
          <Button type="submit" size="sm" testId="note-save">
            Simpan
          </Button>
        </div>
      </form>
    </Modal>
  );
}
