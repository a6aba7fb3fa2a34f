// The extension and task icon, drawn in code (no binary in the repository): a blue shield with a white check
// mark on a transparent background, written as an RGBA PNG with node:zlib.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Distance from point (px, py) to the segment (ax, ay)–(bx, by). */
function segmentDistance(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** RGBA of one pixel, in unit coordinates (0..1). */
function pixel(x, y) {
  // Shield: straight sides down to 55 %, then curving to a point at the bottom.
  const halfWidth = y < 0.12 ? 0 : y <= 0.55 ? 0.38 : 0.38 * Math.sqrt(Math.max(0, (0.92 - y) / 0.37));
  const inside =
    y >= 0.1 && y <= 0.92 && Math.abs(x - 0.5) <= halfWidth && !(y < 0.16 && Math.abs(x - 0.5) > 0.3);
  if (!inside) return [0, 0, 0, 0];
  const check = Math.min(
    segmentDistance(x, y, 0.32, 0.5, 0.45, 0.63),
    segmentDistance(x, y, 0.45, 0.63, 0.7, 0.36),
  );
  if (check < 0.05) return [255, 255, 255, 255];
  return [0, 120, 212, 255]; // Azure blue
}

/** A square PNG of `size` pixels. */
export function makeIcon(size = 128) {
  const rows = [];
  for (let row = 0; row < size; row++) {
    const line = Buffer.alloc(1 + size * 4); // filter byte 0 (none), then RGBA
    for (let col = 0; col < size; col++) {
      line.set(pixel((col + 0.5) / size, (row + 0.5) / size), 1 + col * 4);
    }
    rows.push(line);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, no filter method, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
