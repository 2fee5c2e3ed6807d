"use client";
import { createContext, type ReactNode, type TransitionStartFunction, useContext, useTransition } from "react";

// The filter bar and the table of one list share a transition: while the server renders the new
// URL's rows, both show that the list is updating.
const ListTransition = createContext<{ pending: boolean; startTransition: TransitionStartFunction } | null>(null);

export function ListTransitionProvider({ children }: { children: ReactNode }) {
  const [pending, startTransition] = useTransition();
  return <ListTransition value={{ pending, startTransition }}>{children}</ListTransition>;
}

export function useListTransition() {
  const context = useContext(ListTransition);
  if (!context) throw new Error("useListTransition needs a ListTransitionProvider");
  return context;
}
