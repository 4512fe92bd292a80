// Test helper: the text of a PDF as a reader extracts it (Mozilla's pdf.js), one string per page.
export async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join(''));
  }
  await doc.destroy();
  return pages;
}

/**
 * Test helper: page `n` rendered to pixels by pdf.js (on @napi-rs/canvas, pdf.js's own Node canvas) with
 * system fonts off, so what is drawn comes from the fonts embedded in the PDF. Answers the share of dark
 * pixels in each horizontal band of the page (top to bottom), and the PNG for a person to look at.
 */
export async function renderPage(bytes: Uint8Array, n = 1, bands = 20): Promise<{ ink: number[]; png: Buffer }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const { createCanvas } = await import('@napi-rs/canvas');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const page = await doc.getPage(n);
  const viewport = page.getViewport({ scale: 1.5 });
  const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  type RenderParams = Parameters<typeof page.render>[0];
  await page.render({ canvas, canvasContext: ctx, viewport } as unknown as RenderParams).promise;
  const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const ink = Array.from({ length: bands }, () => 0);
  const per = Math.ceil(height / bands);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      if (data[i]! + data[i + 1]! + data[i + 2]! < 200 * 3) ink[Math.floor(y / per)]! += 1;
    }
  }
  await doc.destroy();
  return { ink: ink.map((c) => c / (per * width)), png: canvas.toBuffer('image/png') };
}
