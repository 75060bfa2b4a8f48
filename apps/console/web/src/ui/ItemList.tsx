import { useState } from 'react';
import { Status } from './Status';

export interface ItemAction {
  label: string;
  run: () => void;
  /** A destructive action asks once more (a second press) before it runs. */
  confirm?: boolean;
}

export interface Item {
  key: string;
  text: string;
  actions?: ItemAction[];
}

/** A titled list of a catalog's entities, each with its actions (edit, delete…) named after the entity for screen readers. */
export function ItemList({ title, items, error }: { title: string; items: Item[]; error: string | undefined }) {
  return (
    <div className="list">
      <h3>{title}</h3>
      <Status error={error} />
      <ul aria-label={title}>
        {items.length === 0 && <li className="empty">None yet.</li>}
        {items.map((i) => (
          <li key={i.key}>
            {i.text} {(i.actions ?? []).map((a) => <ActionButton key={a.label} action={a} of={i.text} />)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ActionButton({ action, of }: { action: ItemAction; of: string }) {
  const [armed, setArmed] = useState(false);
  const label = armed ? `Confirm ${action.label.toLowerCase()}` : action.label;
  return (
    <button type="button" className="link" aria-label={`${label}: ${of}`}
      onClick={() => {
        if (action.confirm && !armed) return setArmed(true);
        setArmed(false);
        action.run();
      }}
      onBlur={() => setArmed(false)} onKeyDown={(e) => e.key === 'Escape' && setArmed(false)}>
      {label}
    </button>
  );
}
