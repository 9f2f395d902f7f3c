/**
 * A home list that shows its most relevant items (the list arrives ordered) and the rest
 * behind one « Tout afficher (N) » / « Afficher moins » button: a class with 300 assignments
 * stays a readable screen, and a sync landing hundreds of rows re-renders a dozen.
 */
import type { ComponentChild } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n/i18n.ts';
import { capList } from './assignment-groups.ts';
import '../../i18n/work-messages.ts'; // this screen's French words travel with it

export interface CappedListProps<T> {
  /** The <ul>'s id: the toggle controls it. */
  id: string;
  /** Id of the heading that names the list (it describes the toggle: several lists have one). */
  describedBy: string;
  items: readonly T[];
  expanded: boolean;
  onToggle: () => void;
  /** Renders one item as an <li> (with its key). */
  children: (item: T) => ComponentChild;
}

export function CappedList<T>({ id, describedBy, items, expanded, onToggle, children }: CappedListProps<T>) {
  const { shown, total, toggle } = capList(items, expanded);
  const button = useRef<HTMLButtonElement>(null);
  const mounted = useRef(false);
  useEffect(() => {
    // Folding a long list moves the button up the page: bring it back under the finger.
    if (mounted.current && !expanded) button.current?.scrollIntoView({ block: 'nearest' });
    mounted.current = true;
  }, [expanded]);
  return (
    <>
      <ul id={id} class="item-list">
        {shown.map(children)}
      </ul>
      {toggle && (
        <button ref={button} type="button" class="list-toggle" aria-expanded={expanded} aria-controls={id} aria-describedby={describedBy} onClick={onToggle}>
          {expanded ? t('home.showLess') : t('home.showAll', { count: total })}
        </button>
      )}
    </>
  );
}
