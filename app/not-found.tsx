import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl px-4 py-16 text-center">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="mt-2 text-sm text-slate-600">There is nothing at this address: the request, exchange or delivery may not exist.</p>
      <Link href="/" className="mt-4 inline-block text-sky-800 underline">
        Back to the overview
      </Link>
    </main>
  );
}
