/** What a pupil reads for the teacher's media: the description, « Image n », never a file name. */
import { expect, test } from 'vitest';
import { isFileName, mediaLabel } from '../../../src/ui/common/media-label.ts';

test('an image reads as its description, else « Image n »; a sound as its name without extension', () => {
  expect(mediaLabel({ kind: 'image', description: '  Carte des fleuves ', name: 'IMG_0815.jpg' })).toBe('Carte des fleuves');
  expect(mediaLabel({ kind: 'image', description: '', name: 'IMG_0815.jpg' }, 2)).toBe('Image 2');
  expect(mediaLabel({ kind: 'image', description: '   ', name: 'schema.png' })).toBe('Image 1');
  expect(mediaLabel({ kind: 'audio', description: '', name: 'poeme-lu.mp3' })).toBe('poeme-lu');
});

test('an alt text that is only the file name is replaced; a real one is kept', () => {
  const m = { name: 'IMG_0815.jpg' };
  expect(isFileName('IMG_0815.jpg', m)).toBe(true);
  expect(isFileName('IMG_0815', m)).toBe(true);
  expect(isFileName('', m)).toBe(true);
  expect(isFileName('Schéma de la leçon', m)).toBe(false);
});
