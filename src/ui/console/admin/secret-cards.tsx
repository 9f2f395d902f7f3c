/**
 * Secret cards for a class (issue 19): one card per pupil — name, class, secret code — eight to
 * an A4 sheet with dashed cut lines (console-print.css), handed out after an import. « Imprimer
 * les cartes » prints only the chosen class's cards: while `html[data-print="cards"]` is set,
 * everything else on the screen is left out of the print; the cards are not shown on screen
 * (the table above already lists the codes).
 */
import { useEffect, useState } from 'preact/hooks';
import type { RosterImportReport } from '../../../protocol/console.ts';
import { useConsoleI18n } from '../console-i18n.ts';

type Secret = RosterImportReport['secrets'][number];

/** Classes by name (« 4e A » before « 5e B »), each with its pupils by last then first name. */
export function byClass(secrets: Secret[]): Array<[string, Secret[]]> {
  const groups = new Map<string, Secret[]>();
  for (const s of secrets) groups.set(s.className, [...(groups.get(s.className) ?? []), s]);
  const collator = new Intl.Collator('fr', { sensitivity: 'base' });
  for (const list of groups.values()) list.sort((a, b) => collator.compare(a.lastName, b.lastName) || collator.compare(a.firstName, b.firstName));
  return [...groups.entries()].sort(([a], [b]) => new Intl.Collator('fr', { numeric: true }).compare(a, b));
}

/** The « Imprimer les cartes — 5e B » buttons, and the cards of the class being printed. */
export function SecretCards({ secrets, schoolName }: { secrets: Secret[]; schoolName?: string }) {
  const { t } = useConsoleI18n();
  const [printing, setPrinting] = useState<string | null>(null);
  const classes = byClass(secrets);
  useEffect(() => {
    if (!printing) return;
    const root = document.documentElement;
    root.dataset.print = 'cards';
    const done = () => {
      delete root.dataset.print;
      setPrinting(null);
    };
    addEventListener('afterprint', done);
    // After the cards are in the page: print() shows the browser's dialog.
    const frame = requestAnimationFrame(() => print());
    return () => {
      cancelAnimationFrame(frame);
      removeEventListener('afterprint', done);
      delete root.dataset.print;
    };
  }, [printing]);
  const cards = classes.find(([name]) => name === printing)?.[1] ?? [];
  return (
    <>
      <p class="cc-actions cc-no-print">
        {classes.map(([name, list]) => (
          <button key={name} type="button" onClick={() => setPrinting(name)}>
            {t('admin.cards.print', { class: name, count: list.length })}
          </button>
        ))}
      </p>
      {printing && (
        <div class="cc-secret-cards" data-class={printing} aria-hidden="true">
          {cards.map((s) => (
            <div key={s.studentId} class="cc-secret-card">
              {schoolName && <p class="cc-secret-card-school">{schoolName}</p>}
              <p class="cc-secret-card-name">{s.firstName} {s.lastName}</p>
              <p class="cc-secret-card-class">{t('admin.cards.class', { class: s.className })}</p>
              <p class="cc-secret-card-secret">{t('admin.cards.secret')} <strong>{s.secret}</strong></p>
              <p class="cc-secret-card-hint">{t('admin.cards.hint')}</p>
            </div>
          ))}
        </div>
      )}
    </>
  );
}
