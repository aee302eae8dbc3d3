// Draws Borg Desk's icons (an archive box on a blue rounded square) and writes them as PNG
// and ICO, with nothing but node:zlib. Run `node assets/make-icons.mjs` after changing it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));

const COLORS = {
  top: [0x2f, 0x80, 0xc2],
  bottom: [0x1a, 0x4b, 0x7d],
  lid: [0xff, 0xff, 0xff],
  body: [0xe6, 0xf0, 0xfa],
  slot: [0x1f, 0x55, 0x8c],
  running: [0x2f, 0xb3, 0x44],
  error: [0xe0, 0x31, 0x31],
  ring: [0xff, 0xff, 0xff],
};

// Signed distance from (px, py) to a rounded rectangle given by its edges, in pixels.
function roundRect(px, py, x0, y0, x1, y1, r) {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const qx = Math.abs(px - cx) - ((x1 - x0) / 2 - r);
  const qy = Math.abs(py - cy) - ((y1 - y0) / 2 - r);
  const ox = Math.max(qx, 0);
  const oy = Math.max(qy, 0);
  return Math.hypot(ox, oy) + Math.min(Math.max(qx, qy), 0) - r;
}

function circle(px, py, cx, cy, r) {
  return Math.hypot(px - cx, py - cy) - r;
}

/** Shapes in 0..1 units; colour may be a function of y (for the gradient). */
function iconShapes({ margin, radius, badge }) {
  const shapes = [
    {
      dist: (x, y) => roundRect(x, y, margin, margin, 1 - margin, 1 - margin, radius),
      color: (_x, y) => mix(COLORS.top, COLORS.bottom, (y - margin) / (1 - 2 * margin)),
    },
    { dist: (x, y) => roundRect(x, y, 0.2, 0.25, 0.8, 0.4, 0.035), color: () => COLORS.lid },
    { dist: (x, y) => roundRect(x, y, 0.25, 0.44, 0.75, 0.77, 0.045), color: () => COLORS.body },
    { dist: (x, y) => roundRect(x, y, 0.4, 0.5, 0.6, 0.57, 0.035), color: () => COLORS.slot },
  ];
  if (badge !== undefined) {
    shapes.push({ dist: (x, y) => circle(x, y, 0.76, 0.76, 0.25), color: () => COLORS.ring });
    shapes.push({ dist: (x, y) => circle(x, y, 0.76, 0.76, 0.19), color: () => COLORS[badge] });
  }
  return shapes;
}

function mix(a, b, t) {
  const k = Math.min(Math.max(t, 0), 1);
  return a.map((v, i) => Math.round(v + (b[i] - v) * k));
}

/** RGBA pixels with analytic anti-aliasing: coverage from the signed distance at each pixel centre. */
function render(size, shapes) {
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) / size;
      const y = (py + 0.5) / size;
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0; // premultiplied accumulation
      for (const shape of shapes) {
        const coverage = Math.min(Math.max(0.5 - shape.dist(x, y) * size, 0), 1);
        if (coverage === 0) continue;
        const [sr, sg, sb] = shape.color(x, y);
        r = sr * coverage + r * (1 - coverage);
        g = sg * coverage + g * (1 - coverage);
        b = sb * coverage + b * (1 - coverage);
        a = coverage + a * (1 - coverage);
      }
      const i = (py * size + px) * 4;
      pixels[i] = a === 0 ? 0 : Math.round(r / a);
      pixels[i + 1] = a === 0 ? 0 : Math.round(g / a);
      pixels[i + 2] = a === 0 ? 0 : Math.round(b / a);
      pixels[i + 3] = Math.round(a * 255);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An ICO holding PNG images (Windows Vista and later read these). */
function ico(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(images.length, 4);
  const entries = [];
  let offset = 6 + 16 * images.length;
  for (const { size, data } of images) {
    const entry = Buffer.alloc(16);
    entry[0] = size >= 256 ? 0 : size;
    entry[1] = size >= 256 ? 0 : size;
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(data.length, 8);
    entry.writeUInt32LE(offset, 12);
    entries.push(entry);
    offset += data.length;
  }
  return Buffer.concat([header, ...entries, ...images.map((image) => image.data)]);
}

function write(path, data) {
  const full = join(here, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, data);
  console.log(`${path} (${data.length} bytes)`);
}

const appIcon = (size) => png(size, render(size, iconShapes({ margin: 0.06, radius: 0.2 })));

write('icon.png', appIcon(512));
write('icon.ico', ico([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, data: appIcon(size) }))));

for (const status of ['idle', 'running', 'error']) {
  const shapes = iconShapes({ margin: 0.02, radius: 0.22, badge: status === 'idle' ? undefined : status });
  write(`tray/${status}.png`, png(22, render(22, shapes)));
  write(`tray/${status}@2x.png`, png(44, render(44, shapes)));
}
