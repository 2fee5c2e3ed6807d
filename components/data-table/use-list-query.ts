"use client";
import { type Options, type UseQueryStatesKeysMap, useQueryStates } from "nuqs";
import { useListTransition } from "./list-transition";

/**
 * A list's URL state on the client: parsers derived from the list's zod schema, each change pushed as
 * a history entry (so back/forward walk through filters) and rendered by the server in a transition.
 */
export function useListQuery<P extends UseQueryStatesKeysMap>(parsers: P) {
  const { startTransition } = useListTransition();
  const options: Options = { shallow: false, history: "push", scroll: false, startTransition };
  return useQueryStates(parsers, options);
}
