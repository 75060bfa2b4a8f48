/** Saves what a service answered as a file of this name (a download the browser asks about or files as it is set to). */
export function saveAs(blob: Blob, name: string): void {
  const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: name });
  link.click();
  // Later, not at once: the browser may still be reading the blob for the download the click started.
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

/** A file sent as it is, in its own media type: the service parses and checks it (openapi-fetch would JSON-encode it). */
export const rawBody = (text: string, type: string) => ({ body: text as never, bodySerializer: (b: unknown) => b as string, headers: { 'content-type': type } });
