"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminActor } from "@/lib/auth/admin-action";
import { ROLES } from "@/lib/auth/auth";
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
  const actor = await adminActor();
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
  const actor = await adminActor();
  if (!actor) return FORBIDDEN;
  const input = userInput.safeParse({ userId: form.get("userId") });
  if (!input.success) return { error: "No account chosen." };
  const { userId } = input.data;
  const email = String(form.get("email") ?? "");
  switch (form.get("change")) {
    case "make-admin":
      return run(async () => (await setStaffRole(actor, userId, "admin"), { done: `${email} is now an administrator.` }));
    case "make-viewer":
      return run(async () => (await setStaffRole(actor, userId, "viewer"), { done: `${email} is now a viewer.` }));
    case "disable":
      return run(async () => (await disableStaffAccount(actor, userId), { done: `${email} is disabled and logged out.` }));
    case "enable":
      return run(async () => (await enableStaffAccount(actor, userId), { done: `${email} can log in again.` }));
    case "reset-password":
      return run(async () => ({
        done: `New password set for ${email}; their sessions ended.`,
        password: { email, value: await resetStaffPassword(actor, userId) },
      }));
    default:
      return { error: "Unknown change." };
  }
}
