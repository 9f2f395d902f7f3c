/**
 * Lesson and instructions Markdown → safe HTML. Lesson content is written by teachers
 * but must never run script on a student's tablet: marked renders, then DOMPurify keeps
 * only plain document elements, media only from this server, and no inline styles or
 * event handlers. Lives in a lazy chunk (marked + DOMPurify are ~30 KB gzip).
 */
import { marked } from 'marked';
import DOMPurify from 'dompurify';

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'del', 'code', 'pre', 'blockquote',
  'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'img', 'audio', 'source', 'sup', 'sub',
];
const ALLOWED_ATTR = ['href', 'src', 'alt', 'title', 'controls', 'align', 'start', 'type'];
/** http(s), mailto, same-origin paths and fragments; no javascript:, data: or other schemes. */
const ALLOWED_URI = /^(?:https?:|mailto:|\/(?!\/)|#)/i;

let hooked = false;
function installHooks() {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      node.setAttribute('rel', 'noopener noreferrer');
      if (/^https?:/i.test(node.getAttribute('href') ?? '')) node.setAttribute('target', '_blank');
    }
    if (node.tagName === 'AUDIO') node.setAttribute('controls', '');
    // Media only from this school server (cached offline by the service worker).
    if ((node.tagName === 'IMG' || node.tagName === 'AUDIO' || node.tagName === 'SOURCE') && !/^\/(?!\/)/.test(node.getAttribute('src') ?? '')) {
      node.removeAttribute('src');
    }
  });
}

/** Renders Markdown to sanitised HTML (safe to put in innerHTML). */
export function renderMarkdown(markdown: string): string {
  installHooks();
  const raw = marked.parse(markdown, { async: false, gfm: true, breaks: false });
  return DOMPurify.sanitize(raw, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP: ALLOWED_URI,
    ALLOW_DATA_ATTR: false,
    ADD_ATTR: ['target'],
  });
}
