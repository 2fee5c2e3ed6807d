// Hostile and broken requests at the HTTP level: wrong methods and content types, forged and
// mangled signatures, replays, oversized and trickling bodies, contradictory framing. Each gets a
// clear 4xx (or, where the bytes are authentic, is stored), never a 500; refused requests change
// nothing; the server keeps serving others meanwhile.
import { expect } from "@playwright/test";
import { sign } from "@/lib/webhooks/signature";
import { signatureHeaderOf, signedHeaders, testSecrets } from "@/tooling/testing/webhook-requests";
import { deliveryCount } from "./support/database";
import { SENDERS, sendCase, validPayload } from "./support/hostile";
import { describeOutcome, type HttpOutcome, httpRequest } from "./support/http";
import { intakeAppTest } from "./support/intake-app";
import { faultsProfile } from "./support/profile";
import { rawExchange, requestHead } from "./support/raw-http";
import { type HostileCase, recordHostileCase } from "./support/report";

const test = intakeAppTest("hostile-requests");
const LIMIT = 1024 * 1024;

function record(entry: HostileCase) {
  recordHostileCase(entry);
}

for (const sender of SENDERS) {
  const path = `/api/webhooks/${sender}`;
  const header = signatureHeaderOf[sender].toLowerCase();

  test.describe(`${sender} endpoint`, () => {
    test("a wrong or missing Content-Type does not matter: the signed bytes are stored", async ({ app }) => {
      for (const contentType of [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=xyz",
        "application/xml",
        "application/json; charset=iso-8859-1",
        undefined,
      ]) {
        const body = JSON.stringify(validPayload(sender));
        const headers: Record<string, string> = { [header]: signedHeaders(sender, body)[signatureHeaderOf[sender]] ?? "" };
        if (contentType) headers["content-type"] = contentType;
        const result = await sendCase(app.database.pool, app.baseURL, {
          name: `Content-Type: ${contentType ?? "(none)"}`,
          sender,
          body,
          headers,
          expected: "200 accepted (the signature covers the bytes; the type is not part of the contract)",
        });
        expect.soft(result.status, contentType ?? "(none)").toBe(200);
        expect
          .soft(
            result.rows.map((row) => row.outcome),
            contentType ?? "(none)",
          )
          .toEqual(["projected"]);
      }
    });

    test("other methods get 405 and store nothing, even with a valid signature", async ({ app }) => {
      const before = await deliveryCount(app.database.pool);
      for (const method of ["GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]) {
        const body = method === "GET" || method === "HEAD" || method === "OPTIONS" ? undefined : JSON.stringify(validPayload(sender));
        const outcome = await httpRequest(app.baseURL, { method, path, headers: body ? signedHeaders(sender, body) : {}, body });
        const expected = method === "OPTIONS" ? "204 or 405, nothing stored" : "405, nothing stored";
        record({
          case: `${method} request`,
          endpoint: `${method} ${path}`,
          expected,
          answer: describeOutcome(outcome),
          stored: "nothing stored",
        });
        if (method === "OPTIONS") expect.soft([204, 405], method).toContain(outcome.kind === "answered" ? outcome.status : 0);
        else expect.soft(outcome.kind === "answered" ? outcome.status : outcome.error, method).toBe(405);
      }
      expect(await deliveryCount(app.database.pool)).toBe(before);
    });

    test("bad signatures get 401 and change nothing; equivalent spellings are accepted", async ({ app }) => {
      const other = sender === "crm" ? "banking" : "crm";
      const signatureOf = (body: string) => signedHeaders(sender, body)[signatureHeaderOf[sender]] ?? "";
      const cases: { name: string; signature: (body: string) => string | string[] | undefined; accepted: boolean }[] = [
        { name: "unsigned", signature: () => undefined, accepted: false },
        { name: "empty signature", signature: () => "", accepted: false },
        { name: "signature of another body", signature: (body) => signatureOf(`${body} `), accepted: false },
        {
          name: `signature in the ${other} sender's scheme, with this sender's secret`,
          signature: (body) => (sender === "crm" ? sign.banking(body, testSecrets.crm) : sign.crm(body, testSecrets.banking)),
          accepted: false,
        },
        {
          name: `signature made with the ${other} sender's secret`,
          signature: (body) => (sender === "crm" ? sign.crm(body, testSecrets.banking) : sign.banking(body, testSecrets.crm)),
          accepted: false,
        },
        { name: "truncated signature (63 hex digits)", signature: (body) => signatureOf(body).slice(0, 63), accepted: false },
        { name: "truncated signature (32 hex digits)", signature: (body) => signatureOf(body).slice(0, 32), accepted: false },
        {
          name: "whitespace inside the signature",
          signature: (body) => `${signatureOf(body).slice(0, 32)} ${signatureOf(body).slice(32)}`,
          accepted: false,
        },
        {
          name: "the right signature repeated in a second header line",
          signature: (body) => [signatureOf(body), signatureOf(body)],
          accepted: false,
        },
        {
          name: "a wrong then the right signature in two header lines",
          signature: (body) => ["00".repeat(32), signatureOf(body)],
          accepted: false,
        },
        { name: "signature in upper case", signature: (body) => signatureOf(body).toUpperCase(), accepted: true },
        { name: "signature surrounded by spaces and tabs", signature: (body) => ` \t${signatureOf(body)}\t `, accepted: true },
        { name: "signature with a sha256= prefix", signature: (body) => `sha256=${signatureOf(body)}`, accepted: sender === "crm" },
        {
          name: "signature in base64",
          signature: (body) => Buffer.from(signatureOf(body), "hex").toString("base64"),
          accepted: sender === "banking",
        },
      ];
      for (const signatureCase of cases) {
        const before = await deliveryCount(app.database.pool);
        const body = JSON.stringify(validPayload(sender));
        const signature = signatureCase.signature(body);
        const headers: Record<string, string | string[]> = { "content-type": "application/json" };
        if (signature !== undefined) headers[header] = signature;
        const result = await sendCase(app.database.pool, app.baseURL, {
          name: signatureCase.name,
          sender,
          body,
          headers,
          expected: signatureCase.accepted ? "200 accepted" : "401, nothing stored",
        });
        if (signatureCase.accepted) {
          expect.soft(result.status, signatureCase.name).toBe(200);
          expect
            .soft(
              result.rows.map((row) => row.outcome),
              signatureCase.name,
            )
            .toEqual(["projected"]);
        } else {
          expect.soft(result.status, signatureCase.name).toBe(401);
          expect.soft(result.json?.error, signatureCase.name).toBe("invalid_signature");
          expect.soft(await deliveryCount(app.database.pool), signatureCase.name).toBe(before);
        }
      }
    });

    test("a replay of an old valid delivery is acknowledged as a duplicate", async ({ app }) => {
      const body = JSON.stringify(validPayload(sender));
      const headers = signedHeaders(sender, body);
      const original = await httpRequest(app.baseURL, { path, headers, body });
      expect(original.kind === "answered" && original.status).toBe(200);
      for (let i = 0; i < 5; i++) {
        const unrelated = JSON.stringify(validPayload(sender));
        await httpRequest(app.baseURL, { path, headers: signedHeaders(sender, unrelated), body: unrelated });
      }
      const replay = await sendCase(app.database.pool, app.baseURL, {
        name: "replay of an old valid delivery",
        sender,
        body,
        headers,
        expected: "200 duplicate, pointing at the original; nothing projected twice",
      });
      expect(replay.status).toBe(200);
      const originalId = original.kind === "answered" ? (JSON.parse(original.body) as { deliveryId: string }).deliveryId : "";
      expect(replay.json).toMatchObject({ status: "duplicate", duplicateOf: originalId });
      expect(replay.rows.map((row) => row.outcome)).toEqual(["projected", "duplicate"]);
    });

    test("a body at the limit is accepted; one byte more, or 10 MB, gets 413 and stores nothing", async ({ app }) => {
      const json = JSON.stringify(validPayload(sender));
      const atLimit = `${json}${" ".repeat(LIMIT - Buffer.byteLength(json))}`;
      const accepted = await sendCase(app.database.pool, app.baseURL, {
        name: "body of exactly 1 MiB (the limit)",
        sender,
        body: atLimit,
        expected: "200 accepted",
      });
      expect(accepted.status).toBe(200);
      expect(accepted.rows.map((row) => row.outcome)).toEqual(["projected"]);

      // Over the limit, the declared length is refused before the body is read, and the connection is
      // then reset under the rest of the body: read at the socket, where the answer is seen before the reset.
      for (const [name, body] of [
        ["body of 1 MiB + 1 byte", Buffer.from(`${atLimit} `)],
        ["body of 10 MB", Buffer.from(`${json}${" ".repeat(10_000_000)}`)],
      ] as const) {
        const before = await deliveryCount(app.database.pool);
        const pieces = Array.from({ length: Math.ceil(body.length / 65_536) }, (_, index) =>
          body.subarray(index * 65_536, (index + 1) * 65_536),
        );
        const signature = signedHeaders(sender, body)[signatureHeaderOf[sender]] ?? "";
        const answer = await rawExchange(
          Number(new URL(app.baseURL).port),
          requestHead(path, { [header]: signature, "Content-Type": "application/json", "Content-Length": body.length }),
          { bodyPieces: pieces, deadlineMs: 60_000 },
        );
        record({
          case: name,
          endpoint: `POST ${path}`,
          expected: "413, nothing stored",
          answer: String(answer.status ?? `no answer (${answer.ended})`),
          answerDetail: `${(answer.bytesWritten / 1024 / 1024).toFixed(1)} MiB handed to the socket before the answer`,
          stored: (await deliveryCount(app.database.pool)) === before ? "nothing stored" : "stored",
        });
        expect(answer.status, name).toBe(413);
        expect(answer.response).toContain(`"limitBytes":${LIMIT}`);
        expect(await deliveryCount(app.database.pool)).toBe(before);
      }
    });

    test("a chunked body without Content-Length is cut off with 413 before it ends", async ({ app }) => {
      const before = await deliveryCount(app.database.pool);
      const chunk = Buffer.concat([Buffer.from(`${(64 * 1024).toString(16)}\r\n`), Buffer.alloc(64 * 1024, 0x20), Buffer.from("\r\n")]);
      const pieces = Array.from({ length: 1024 }, () => chunk); // 64 MiB: more than any socket buffer holds
      const answer = await rawExchange(
        Number(new URL(app.baseURL).port),
        requestHead(path, { [header]: signedHeaders(sender, "{}")[signatureHeaderOf[sender]] ?? "", "Transfer-Encoding": "chunked" }),
        { bodyPieces: [...pieces, Buffer.from("0\r\n\r\n")], deadlineMs: 120_000 },
      );
      record({
        case: "chunked body without Content-Length, 64 KiB chunks, 64 MiB in all",
        endpoint: `POST ${path}`,
        expected: "413 before the whole body is sent, nothing stored",
        answer: String(answer.status ?? `no answer (${answer.ended})`),
        answerDetail: `${(answer.bytesWritten / 1024 / 1024).toFixed(1)} MiB handed to the socket before the answer; the server then ${answer.ended === "reset" ? "reset" : "closed"} the connection`,
        stored: "nothing stored",
      });
      expect(answer.status).toBe(413);
      expect(answer.response).toContain('"error":"payload_too_large"');
      expect(answer.bytesWritten).toBeLessThan(64 * 1024 * 1024);
      expect(await deliveryCount(app.database.pool)).toBe(before);
    });
  });
}

test.describe("bodies that trickle in (slowloris)", () => {
  test("are answered 408 after the body timeout, while other requests keep being served", async ({ app }) => {
    test.setTimeout(180_000);
    const port = Number(new URL(app.baseURL).port);
    const body = JSON.stringify(validPayload("crm"));
    const signature = signedHeaders("crm", body)[signatureHeaderOf.crm] ?? "";
    const head = requestHead("/api/webhooks/crm", {
      "Content-Type": "application/json",
      "X-Crm-Signature": signature,
      "Content-Length": Buffer.byteLength(body),
      Connection: "close",
    });
    const pieces = [...Buffer.from(body)].map((byte) => Buffer.from([byte]));
    const before = await deliveryCount(app.database.pool);

    let slowAnswered = 0;
    const slow = Array.from({ length: faultsProfile.slowlorisConnections }, () =>
      rawExchange(port, head, { bodyPieces: pieces, pauseMs: 500, deadlineMs: 90_000 }).then((answer) => {
        slowAnswered += 1;
        return answer;
      }),
    );

    // While every slow connection is still open, the server answers everyone else.
    const others: { outcome: HttpOutcome; slowAnsweredBefore: number }[] = [];
    for (let i = 0; i < 10; i++) {
      for (const sender of SENDERS) {
        const payload = JSON.stringify(validPayload(sender));
        const outcome = await httpRequest(app.baseURL, {
          path: `/api/webhooks/${sender}`,
          headers: signedHeaders(sender, payload),
          body: payload,
        });
        others.push({ outcome, slowAnsweredBefore: slowAnswered });
      }
      others.push({
        outcome: await httpRequest(app.baseURL, { method: "GET", path: "/api/health" }),
        slowAnsweredBefore: slowAnswered,
      });
    }
    const answers = await Promise.all(slow);
    const statuses = answers.map((answer) => answer.status ?? answer.ended);
    record({
      case: `slowloris: ${faultsProfile.slowlorisConnections} connections sending a signed body one byte every 500 ms`,
      endpoint: "POST /api/webhooks/crm",
      expected: "408 after the 10 s body timeout; other requests served meanwhile; nothing stored",
      answer: [...new Set(statuses)].join(", "),
      answerDetail: `${answers[0]?.bytesWritten ?? 0} of ${pieces.length} body bytes sent before the answer; others meanwhile: ${[
        ...new Set(others.map((other) => describeOutcome(other.outcome))),
      ].join(", ")}`,
      stored: "nothing stored",
    });
    expect(statuses).toEqual(Array(faultsProfile.slowlorisConnections).fill(408));
    expect(answers.every((answer) => answer.bytesWritten < pieces.length)).toBe(true);
    expect(others.map((other) => describeOutcome(other.outcome))).toEqual(Array(others.length).fill("200"));
    expect(others.every((other) => other.slowAnsweredBefore === 0)).toBe(true);
    expect(await deliveryCount(app.database.pool)).toBe(before + 20);
  });
});

test.describe("contradictory or broken framing", () => {
  const body = JSON.stringify(validPayload("banking"));
  const signature = signedHeaders("banking", body)["webhook-signature"] ?? "";
  const cases: { name: string; head: string; pieces: Buffer[]; expected: string; allowed: (number | string)[] }[] = [
    {
      name: "client disconnects in the middle of the body",
      head: requestHead("/api/webhooks/banking", { "webhook-signature": signature, "Content-Length": Buffer.byteLength(body) }),
      pieces: [Buffer.from(body.slice(0, 40))],
      expected: "nothing stored, server unaffected",
      allowed: ["deadline"],
    },
    {
      name: "both Content-Length and Transfer-Encoding: chunked",
      head: requestHead("/api/webhooks/banking", {
        "webhook-signature": signature,
        "Content-Length": Buffer.byteLength(body),
        "Transfer-Encoding": "chunked",
        Connection: "close",
      }),
      // The parser refuses the headers; a body behind them would only race its answer with a reset.
      pieces: [],
      expected: "400 (refused by the HTTP parser)",
      allowed: [400],
    },
    {
      name: "Content-Length that is not a number",
      head: requestHead("/api/webhooks/banking", { "webhook-signature": signature, "Content-Length": "12abc", Connection: "close" }),
      pieces: [],
      expected: "400 (refused by the HTTP parser)",
      allowed: [400],
    },
    {
      name: "Content-Length shorter than the body",
      head: requestHead("/api/webhooks/banking", { "webhook-signature": signature, "Content-Length": 20, Connection: "close" }),
      pieces: [Buffer.from(body)],
      expected: "4xx: 401 for the 20 bytes read, or 400 when the HTTP parser rejects the rest as a next request first",
      allowed: [400, 401],
    },
    {
      name: "a 64 KiB header",
      head: requestHead("/api/webhooks/banking", {
        "webhook-signature": signature,
        "X-Padding": "a".repeat(64 * 1024),
        Connection: "close",
      }),
      pieces: [Buffer.from(body)],
      // The parser answers 431 at 16 KiB and closes with the rest of the header unread, so the
      // kernel resets the connection; the reset can reach the client before the answer does.
      expected: "431 from the HTTP parser (the client may see the connection reset first)",
      allowed: [431, "reset"],
    },
  ];
  for (const broken of cases) {
    test(`${broken.name}: ${broken.expected}`, async ({ app }) => {
      const before = await deliveryCount(app.database.pool);
      const port = Number(new URL(app.baseURL).port);
      // A disconnect is simulated by giving up after the partial body; otherwise the server answers.
      const deadlineMs = broken.allowed.includes("deadline") ? 2_000 : 30_000;
      const answer = await rawExchange(port, broken.head, { bodyPieces: broken.pieces, deadlineMs });
      const result = answer.status ?? answer.ended;
      record({
        case: broken.name,
        endpoint: "POST /api/webhooks/banking",
        expected: broken.expected,
        answer: String(answer.status ?? `no answer (${answer.ended})`),
        stored: "nothing stored",
      });
      expect(broken.allowed).toContain(result);
      expect(await deliveryCount(app.database.pool)).toBe(before);
    });
  }
});
