// The URL of /admin/audit.
import { z } from "zod";
import { choiceFilter, cursorField, dayFilter, pageField, sortField, textFilter } from "./list-query";

export const AUDIT_ACTIONS = [
  "login.success",
  "login.failure",
  "login.rate_limited",
  "logout",
  "export",
  "delivery.reprocess",
  "delivery.dismiss",
  "delivery.restore",
  "user.create",
  "user.role",
  "user.disable",
  "user.enable",
  "user.password",
  "retention.purge",
  "alert.acknowledge",
  "alert.assign",
  "alert.resolve",
  "alert.rule",
  "alert.channel.create",
  "alert.channel.update",
  "alert.channel.delete",
  "alert.channel.test",
] as const;

export const auditLogQuery = z.object({
  action: choiceFilter(AUDIT_ACTIONS),
  user: textFilter(),
  from: dayFilter(),
  to: dayFilter(),
  sort: sortField(["at"], "at.desc"),
  page: pageField(),
  cursor: cursorField(),
});

export type AuditLogQuery = z.output<typeof auditLogQuery>;
