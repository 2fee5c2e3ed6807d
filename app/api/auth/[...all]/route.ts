// /api/auth/* — sign-in (rate-limited per account and per IP, audited), sign-out, session.
import { handleAuthGet, handleAuthPost } from "@/lib/auth/auth-endpoint";

export const dynamic = "force-dynamic";

export const GET = handleAuthGet;
export const POST = handleAuthPost;
