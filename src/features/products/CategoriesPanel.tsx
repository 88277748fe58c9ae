/** Kategori: add, rename inline, delete (Rust refuses a category that still holds products). */
import { useState, type FormEvent } from 'react';
import type { CategoryRow } from '../../lib/ipc';
import { useDeleteCategory, useSaveCategory } from './api';
import { Button } from '../../components/Button';
import { controlClass, errorBox } from '../../components/styles';

function CategoryItem({ category }: { category: CategoryRow }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(category.name);
  const save = useSaveCategory();
  const remove = useDeleteCategory();
  const error = save.error?.message ?? remove.error?.message;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ id: category.id, name }, { onSuccess: () => setEditing(false) });
  };

  return (
    <li data-testid={`category-row-${category.id}`} className="space-y-1 py-2">
      {editing ? (
        <form className="flex gap-2" onSubmit={submit}>
          <input
            aria-label="Nama kategori"
            data-testid={`category-name-${category.id}`}
            className={`${controlClass} min-w-0 flex-1`}
            value={name}
            autoFocus
            onChange={(e) => setName(e.target.value)}
          />
          <Button type="submit" variant="secondary" size="sm" testId={`category-save-${category.id}`}>
            Simpan
          </Button>
        </form>
      ) : (
        <div className="flex items-center justify-between gap-2">
          <span className="text-sm text-slate-800">
            {category.name}{' '}
            <span className="text-xs text-slate-400">({category.productCount})</span>
          </span>
          <span className="flex gap-1">
            <button
              type="button"
              data-testid={`category-rename-${category.id}`}
              onClick={() => {
                setName(category.name);
                setEditing(true);
              }}
              className="rounded px-2 py-1 text-xs font-semibold text-brand-700 hover:bg-brand-50"
            >
              Ubah
            </button>
            <button
              type="button"
              data-testid={`category-delete-${category.id}`}
              onClick={() => remove.mutate(category.id)}
              disabled={remove.isPending}
              className="rounded px-2 py-1 text-xs font-semibold text-red-700 hover:bg-red-50"
            >
              Hapus
            </button>
          </span>
        </div>
      )}
      {error && (
        <p role="alert" data-testid={`category-error-${category.id}`} className={errorBox}>
          {error}
        </p>
      )}
    </li>
  );
}

export function CategoriesPanel({ categories }: { categories: CategoryRow[] }) {
  const [name, setName] = useState('');
  const save = useSaveCategory();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ id: null, name }, { onSuccess: () => setName('') });
  };

  return (
    <section
      data-testid="categories-panel"
      className="space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200"
    >
      <h3 className="text-sm font-bold uppercase tracking-wide text-slate-500">Kategori</h3>
      <form className="flex gap-2" onSubmit={submit}>
        <input
          aria-label="Kategori baru"
          data-testid="category-new-name"
          placeholder="Kategori baru"
          className={`${controlClass} min-w-0 flex-1`}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            save.reset();
          }}
        />
        <Button type="submit" variant="secondary" size="sm" testId="category-add">
          Tambah
        </Button>
      </form>
      {save.error && (
        <p role="alert" data-testid="category-error" className={errorBox}>
          {save.error.message}
        </p>
      )}
      <ul className="divide-y divide-slate-100">
        {categories.map((c) => (
          <CategoryItem key={c.id} category={c} />
        ))}
        {categories.length === 0 && (
          <li className="py-2 text-sm text-slate-500">Belum ada kategori.</li>
        )}
      </ul>
    </section>
  );
}
