/** Hands a file the console fetched (with the session token) to the browser's downloads, under `name`. */
export function saveFile(blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  // Late enough for the download to have started; the object URL is not needed after.
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
