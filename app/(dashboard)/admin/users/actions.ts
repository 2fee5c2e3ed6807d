"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ROLES } from "@/lib/auth/auth";
import { staffForAction } from "@/lib/auth/session";
import {
  createStaffAccount,
  disableStaffAccount,
  enableStaffAccount,
  resetStaffPassword,
  StaffAccountError,
  setStaffRole,
} from "@/lib/auth/staff-accounts";

export type UserActionState = { error?: string; done?: string; password?: { email: string; value: string } };

const FORBIDDEN: UserActionState = { error: "Only administrators can manage users." };

async function run(work: () => Promise<UserActionState>): Promise<UserActionState> {
  try {
    const state = await work();
    revalidatePath("/admin/users");
    return state;
  } catch (error) {
    if (error instanceof StaffAccountError) return { error: error.message };
    throw error;
  }
}

const createInput = z.object({ email: z.string().trim().email(), role: z.enum(ROLES), name: z.string().trim().max(100).optional() });

export async function createUserAction(_previous: UserActionState, form: FormData): Promise<UserActionState> {
  const actor = await staffForAction("admin");
  if (!actor) return FORBIDDEN;
  const input = createInput.safeParse({ email: form.get("email"), role: form.get("role"), name: form.get("name") || undefined });
  if (!input.success) return { error: "Enter an e-mail address and choose a role." };
  return run(async () => {
    const { password } = await createStaffAccount(actor, input.data);
    return { done: `Created ${input.data.email}.`, password: { email: input.data.email, value: password } };
  });
}

const userInput = z.object({ userId: z.string().min(1).max(100) });

export async function changeUserAction(_previous: UserActionState, form: FormData): Promise<UserActionState> {
  const actor = await staffForAction("admin");
  if (!actor) return FORBIDDEN;
  const input = userInput.safeParse({ userId: form.get("userId") });
  if (!input.success) return { error: "No account chosen." };
  const { userId } = input.data;
  const email = String(form.get("email") ?? "");
  const changes: Record<string, () => Promise<UserActionState>> = {
    "make-admin": async () => {
      await setStaffRole(actor, userId, "admin");
      return { done: `${email} is now an administrator.` };
    },
    "make-viewer": async () => {
      await setStaffRole(actor, userId, "viewer");
      return { done: `${email} is now a viewer.` };
    },
    disable: async () => {
      await disableStaffAccount(actor, userId);
      return { done: `${email} is disabled and logged out.` };
    },
    enable: async () => {
      await enableStaffAccount(actor, userId);
      return { done: `${email} can log in again.` };
    },
    "reset-password": async () => ({
      done: `New password set for ${email}; their sessions ended.`,
      password: { email, value: await resetStaffPassword(actor, userId) },
    }),
  };
  const change = changes[String(form.get("change"))];
  return change ? run(change) : { error: "Unknown change." };
}
