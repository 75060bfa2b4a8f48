import { useId, useState, type FormEvent } from 'react';
import { isProblem, messageOf } from '../api/errors';
import { Field, SelectField } from './Field';

export interface FieldSpec {
  /** The API's field path (stockUom.code, components): its 400 errors are shown beside this input. */
  name: string;
  label: string;
  kind?: 'text' | 'number' | 'date' | 'select' | 'checkbox' | 'textarea';
  options?: string[];
  hint?: string;
  required?: boolean;
}

export type Values = Record<string, string>;

interface EntityFormProps {
  title: string;
  fields: FieldSpec[];
  initial: Values;
  submitLabel: string;
  /** Sends the form; a refusal throws the service's Problem. Returns what to say on success. */
  submit: (values: Values) => Promise<string>;
  onDone?: () => void;
}

/**
 * A create or edit form. The services validate (the console does not repeat their rules): a 400 puts each
 * refused field's reason beside that field, in the service's words.
 */
export function EntityForm({ title, fields, initial, submitLabel, submit, onDone }: EntityFormProps) {
  const [values, setValues] = useState<Values>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok?: string; error?: string }>({});
  const [busy, setBusy] = useState(false);
  // Ids without spaces (a title has some): aria-describedby is a list of ids separated by spaces.
  const formId = useId();
  const idOf = (name: string) => `${formId}-${name}`;
  const set = (name: string, value: string) => setValues((v) => ({ ...v, [name]: value }));

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const ok = await submit(values);
      setErrors({});
      setMessage({ ok });
      onDone?.();
    } catch (err) {
      const fieldErrors = isProblem(err) ? err.fields : {};
      setErrors(fieldErrors);
      setMessage({ error: messageOf(err) });
    } finally {
      setBusy(false);
    }
  };
  // A refused field the form has no input for (an element of a list, a nested field) is listed under the form.
  const errorOf = (name: string) =>
    Object.entries(errors).filter(([f]) => f === name || f.startsWith(`${name}.`) || f.startsWith(`${name}[`)).map(([f, r]) => (f === name ? r : `${f}: ${r}`)).join('; ') || undefined;
  const placed = new Set(Object.keys(errors).filter((f) => fields.some((s) => f === s.name || f.startsWith(`${s.name}.`) || f.startsWith(`${s.name}[`))));
  const unplaced = Object.entries(errors).filter(([f]) => !placed.has(f));
  const describedBy = (f: FieldSpec) => [errorOf(f.name) ? `${idOf(f.name)}-error` : '', f.hint ? `${idOf(f.name)}-hint` : ''].filter(Boolean).join(' ') || undefined;

  return (
    <form className="entity-form" onSubmit={(e) => void onSubmit(e)} aria-label={title} noValidate>
      <h4>{title}</h4>
      {fields.map((f) => {
        const value = values[f.name] ?? '';
        if (f.kind === 'select')
          return <SelectField key={f.name} name={f.name} label={f.label} value={value} onChange={(v) => set(f.name, v)} options={(f.options ?? []).map((o) => ({ value: o, label: o || '(none)' }))} error={errorOf(f.name)} />;
        if (f.kind === 'checkbox')
          return (
            <div key={f.name} className={`field checkbox${errorOf(f.name) ? ' field-invalid' : ''}`}>
              <input id={idOf(f.name)} name={f.name} type="checkbox" checked={value === 'true'} onChange={(e) => set(f.name, String(e.target.checked))}
                aria-invalid={errorOf(f.name) ? true : undefined} aria-describedby={describedBy(f)} />
              <label htmlFor={idOf(f.name)}>{f.label}</label>
              {errorOf(f.name) && <span id={`${idOf(f.name)}-error`} className="field-error" role="alert">{errorOf(f.name)}</span>}
            </div>
          );
        if (f.kind === 'textarea')
          return (
            <div key={f.name} className={`field wide${errorOf(f.name) ? ' field-invalid' : ''}`}>
              <label htmlFor={idOf(f.name)}>{f.label}</label>
              <textarea id={idOf(f.name)} name={f.name} rows={3} value={value} onChange={(e) => set(f.name, e.target.value)}
                aria-invalid={errorOf(f.name) ? true : undefined} aria-describedby={describedBy(f)} />
              {f.hint && <small id={`${idOf(f.name)}-hint`} className="hint">{f.hint}</small>}
              {errorOf(f.name) && <span id={`${idOf(f.name)}-error`} className="field-error" role="alert">{errorOf(f.name)}</span>}
            </div>
          );
        return (
          <Field key={f.name} name={f.name} label={f.label} type={f.kind === 'date' ? 'date' : 'text'} inputMode={f.kind === 'number' ? 'decimal' : undefined}
            value={value} onChange={(e) => set(f.name, e.target.value)} error={errorOf(f.name)} hint={f.hint} aria-required={f.required || undefined} />
        );
      })}
      <div className="form-actions">
        <button type="submit" disabled={busy}>{submitLabel}</button>
        <p className="status" role="status" aria-live="polite">{message.ok ?? ''}</p>
      </div>
      {message.error && <p className="error" role="alert">{message.error}</p>}
      {unplaced.length > 0 && <ul className="error">{unplaced.map(([f, r]) => <li key={f}>{f}: {r}</li>)}</ul>}
    </form>
  );
}

/** "" leaves a field out of the body (the service's default applies); otherwise the text as typed. */
export const optional = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v.trim());
/** An integer field: sent as a number when it is one, else as typed (the service names what is wrong). */
export const integer = (v: string | undefined): number | undefined => {
  const t = optional(v);
  if (t === undefined) return undefined;
  return /^-?\d+$/.test(t) ? Number(t) : (t as unknown as number);
};
export const compact = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
