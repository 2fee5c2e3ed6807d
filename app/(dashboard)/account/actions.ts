"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { staffForAction } from "@/lib/auth/session";
import { setOwnTimeDisplay } from "@/lib/auth/staff-accounts";

export type TimeDisplayState = { error?: string; done?: string };

const choice = z.enum(["utc", "local"]);

/** Any staff member, for themselves: how times are shown. */
export async function setTimeDisplayAction(_previous: TimeDisplayState, form: FormData): Promise<TimeDisplayState> {
  const staff = await staffForAction();
  if (!staff) return { error: "Log in again to change this." };
  const value = choice.safeParse(form.get("timeDisplay"));
  if (!value.success) return { error: "Choose UTC or your browser's time zone." };
  await setOwnTimeDisplay(staff, value.data);
  revalidatePath("/", "layout");
  return { done: value.data === "utc" ? "Times are now shown in UTC." : "Times are now shown in your browser's time zone." };
}
