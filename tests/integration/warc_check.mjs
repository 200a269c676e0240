// Reads WARC files with warcio (the Webrecorder project's reader) and checks
// what it cannot: every record's WARC-Block-Digest, and each response's
// WARC-Payload-Digest (the entity-body: chunk framing removed). Prints one
// JSON line per record (file, offset, type, URI, IDs); exits 1 on a mismatch.
//   node warc_check.mjs WARCIO_MODULE_DIR FILE...
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [moduleDir, ...files] = process.argv.slice(2);
const require = createRequire(path.join(moduleDir, "package.json"));
const { WARCParser } = await import(require.resolve("warcio"));

function base32(buf) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0, value = 0, out = "";
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}
const sha1 = (buf) => "sha1:" + base32(createHash("sha1").update(buf).digest());

// The entity-body of a raw HTTP response: after the final head, without chunk framing.
function payloadOf(block) {
  let start = 0, head;
  for (;;) {
    const end = block.indexOf("\r\n\r\n", start);
    if (end < 0) return null;
    head = block.subarray(start, end).toString("latin1");
    start = end + 4;
    if (!/^HTTP\/\d\.\d 1\d\d/.test(head)) break;
  }
  let body = block.subarray(start);
  if (!/^transfer-encoding:.*chunked/im.test(head)) return body;
  const parts = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf("\r\n", at);
    if (eol < 0) throw new Error("bad chunk framing");
    const size = parseInt(body.subarray(at, eol).toString("latin1").split(";")[0], 16);
    if (!size) break;
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

let bad = 0;
for (const file of files) {
  const parser = new WARCParser(createReadStream(file), { parseHttp: false });
  for await (const record of parser) {
    const h = record.warcHeaders;
    const block = Buffer.from(await record.readFully(false));
    const get = (n) => h.headers.get(n) || undefined;
    const out = {
      file: path.basename(file), offset: parser.offset, version: h.protocol, type: get("WARC-Type"),
      uri: get("WARC-Target-URI"), id: get("WARC-Record-ID"), concurrent: get("WARC-Concurrent-To"),
      refers: get("WARC-Refers-To"), date: get("WARC-Date"), ip: get("WARC-IP-Address"),
      truncated: get("WARC-Truncated"), length: block.length,
    };
    const problems = [];
    if (Number(get("Content-Length")) !== block.length) problems.push("Content-Length");
    const blockDigest = get("WARC-Block-Digest");
    if (blockDigest && blockDigest !== sha1(block)) problems.push("block digest");
    const payloadDigest = get("WARC-Payload-Digest");
    if (payloadDigest && out.type === "response") {
      const payload = payloadOf(block);
      if (!payload || payloadDigest !== sha1(payload)) problems.push("payload digest");
    }
    if (problems.length) {
      out.problems = problems;
      bad++;
    }
    console.log(JSON.stringify(out));
  }
}
process.exit(bad ? 1 : 0);
