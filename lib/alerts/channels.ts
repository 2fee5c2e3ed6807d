import "server-only";
import { randomBytes } from "node:crypto";
import nodemailer, { type Transporter } from "nodemailer";
import { Webhook } from "standardwebhooks";
import { env } from "@/lib/env.mjs";
import type { NotificationPayload } from "./outbox";

// How a notification reaches each kind of channel. Every attempt carries the notification's
// idempotency key (the Standard Webhooks `webhook-id`, a Slack message's footer, the e-mail's
// Message-ID), so a receiver that gets one twice after a retry can tell.

export type ChannelKind = "slack" | "webhook" | "email";

export interface ChannelTarget {
  kind: ChannelKind;
  target: string;
  secret: string | null;
}

export interface AttemptResult {
  ok: boolean;
  /** HTTP status, or the SMTP server's reply code. */
  status: number | null;
  latencyMs: number;
  error: string | null;
}

const SEND_TIMEOUT_MS = 10_000;

const TRANSITION_WORDS: Record<string, string> = {
  "alert.fired": "Alert",
  "alert.resolved": "Resolved",
  "alert.reminder": "Still firing",
  "alert.test": "Test",
};

function headline(payload: NotificationPayload): string {
  return `${TRANSITION_WORDS[payload.type] ?? payload.type}: ${payload.alert.ruleTitle}`;
}

function slackMessage(payload: NotificationPayload, key: string) {
  const links = [`<${payload.alert.url}|Open the alert>`, payload.alert.subjectUrl ? `<${payload.alert.subjectUrl}|its subject>` : ""]
    .filter(Boolean)
    .join(" · ");
  const text = `*${headline(payload)}*\n${payload.alert.summary}${payload.note ? `\n> ${payload.note}` : ""}\n${links}`;
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text } },
      { type: "context", elements: [{ type: "mrkdwn", text: `Alert #${payload.alert.id} · ${key}` }] },
    ],
  };
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<Omit<AttemptResult, "latencyMs">> {
  try {
    const response = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(SEND_TIMEOUT_MS), redirect: "manual" });
    await response.body?.cancel().catch(() => undefined);
    return response.ok
      ? { ok: true, status: response.status, error: null }
      : { ok: false, status: response.status, error: `answered ${response.status}` };
  } catch (error) {
    return {
      ok: false,
      status: null,
      error: (error as Error).name === "TimeoutError" ? `no answer within ${SEND_TIMEOUT_MS / 1000} s` : (error as Error).message,
    };
  }
}

let transport: Transporter | undefined;
function mailTransport(): Transporter | undefined {
  const settings = env();
  if (!settings.SMTP_HOST) return undefined;
  transport ??= nodemailer.createTransport({
    host: settings.SMTP_HOST,
    port: settings.SMTP_PORT,
    secure: settings.SMTP_SECURE === "true",
    auth: settings.SMTP_USER ? { user: settings.SMTP_USER, pass: settings.SMTP_PASSWORD ?? "" } : undefined,
    tls: { rejectUnauthorized: settings.SMTP_TLS_REJECT_UNAUTHORIZED === "true" },
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
  });
  return transport;
}

async function mail(to: string, payload: NotificationPayload, key: string): Promise<Omit<AttemptResult, "latencyMs">> {
  const mailer = mailTransport();
  if (!mailer) return { ok: false, status: null, error: "SMTP_HOST is not set: e-mail cannot be sent" };
  const text = [
    payload.alert.summary,
    payload.note ? `\nNote: ${payload.note}` : "",
    `\nAlert: ${payload.alert.url}`,
    payload.alert.subjectUrl ? `Subject: ${payload.alert.subjectUrl}` : "",
    `\nFired ${payload.alert.firedAt} · ${payload.alert.occurrences} occurrence(s) · ${key}`,
  ]
    .filter(Boolean)
    .join("\n");
  try {
    const info = await mailer.sendMail({
      from: env().SMTP_FROM,
      to,
      subject: `[${TRANSITION_WORDS[payload.type] ?? "Alert"}] ${payload.alert.summary.slice(0, 150)}`,
      text,
      messageId: `<${key}@webhook-ops>`,
      headers: { "X-Idempotency-Key": key },
    });
    return { ok: true, status: Number(/^(\d{3})/.exec(String(info.response))?.[1] ?? 250), error: null };
  } catch (error) {
    const code = (error as { responseCode?: number }).responseCode;
    return { ok: false, status: code ?? null, error: (error as Error).message };
  }
}

/** One attempt at delivering `payload` to a channel. */
export async function sendToChannel(channel: ChannelTarget, payload: NotificationPayload, key: string): Promise<AttemptResult> {
  const started = performance.now();
  let result: Omit<AttemptResult, "latencyMs">;
  if (channel.kind === "slack") {
    result = await post(channel.target, JSON.stringify(slackMessage(payload, key)), { "content-type": "application/json" });
  } else if (channel.kind === "webhook") {
    if (!channel.secret) result = { ok: false, status: null, error: "the channel has no signing secret" };
    else {
      const body = JSON.stringify({ ...payload, idempotencyKey: key });
      const timestamp = new Date();
      const signature = new Webhook(channel.secret).sign(key, timestamp, body);
      result = await post(channel.target, body, {
        "content-type": "application/json",
        "webhook-id": key,
        "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
        "webhook-signature": signature,
      });
    }
  } else {
    result = await mail(channel.target, payload, key);
  }
  return { ...result, latencyMs: Math.round(performance.now() - started) };
}

/** A new Standard Webhooks signing secret. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/** A secret as the screens show it: enough to tell two apart, never enough to use. */
export function maskedSecret(secret: string | null): string | null {
  return secret ? `${secret.slice(0, 10)}…` : null;
}

const EMAIL_LIST = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+(\s*,\s*[^\s@,]+@[^\s@,]+\.[^\s@,]+)*$/;

/** Why a target is not usable for its kind, or null. */
export function targetProblem(kind: ChannelKind, target: string): string | null {
  if (kind === "email") return EMAIL_LIST.test(target) ? null : "expected one or more e-mail addresses, comma-separated";
  try {
    const url = new URL(target);
    return url.protocol === "https:" || url.protocol === "http:" ? null : "expected an http:// or https:// URL";
  } catch {
    return "expected an http:// or https:// URL";
  }
}
