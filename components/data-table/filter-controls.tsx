"use client";
import { type ReactNode, useEffect, useId, useRef, useState } from "react";

const inputClass =
  "block w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm shadow-sm focus:border-sky-500 focus:outline-none focus:ring-1 focus:ring-sky-500";

function Field({ label, children, htmlFor, wide }: { label: string; children: ReactNode; htmlFor: string; wide?: boolean }) {
  return (
    <div className={wide ? "min-w-[16rem] flex-1" : "w-full sm:w-40"}>
      <label htmlFor={htmlFor} className="mb-0.5 block text-xs font-medium text-slate-600">
        {label}
      </label>
      {children}
    </div>
  );
}

/** Text typed is applied after a pause (or on Enter), not on every keystroke. */
export function TextFilter(props: {
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
  placeholder?: string;
  list?: string;
  wide?: boolean;
  inputMode?: "numeric" | "text";
}) {
  const id = useId();
  const [draft, setDraft] = useState(props.value ?? "");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const { value, onChange } = props;
  useEffect(() => setDraft(value ?? ""), [value]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const commit = (text: string) => {
    clearTimeout(timer.current);
    const next = text.trim() === "" ? null : text.trim();
    if (next !== value) onChange(next);
  };
  return (
    <Field label={props.label} htmlFor={id} wide={props.wide}>
      <input
        id={id}
        type="search"
        className={inputClass}
        value={draft}
        list={props.list}
        inputMode={props.inputMode}
        placeholder={props.placeholder}
        onChange={(event) => {
          const text = event.target.value;
          setDraft(text);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => commit(text), 500);
        }}
        // What the field shows, not the draft: text typed before the page hydrated never reached the draft.
        onKeyDown={(event) => {
          if (event.key === "Enter") commit(event.currentTarget.value);
        }}
        onBlur={(event) => commit(event.currentTarget.value)}
      />
    </Field>
  );
}

export function SelectFilter(props: {
  label: string;
  value: string | null;
  options: readonly (string | { value: string; label: string })[];
  onChange: (value: string | null) => void;
  anyLabel?: string;
  /** A choice is always made (e.g. the sort order): no "Any". */
  noAny?: boolean;
  wide?: boolean;
}) {
  const id = useId();
  const values = props.options.map((option) => (typeof option === "string" ? option : option.value));
  // A value from the URL that is none of the choices (?pair=FOO/BAR) filters nothing: show "Any".
  const shown = props.value !== null && values.includes(props.value) ? props.value : "";
  return (
    <Field label={props.label} htmlFor={id} wide={props.wide}>
      <select id={id} className={inputClass} value={shown} onChange={(event) => props.onChange(event.target.value || null)}>
        {props.noAny ? null : <option value="">{props.anyLabel ?? "Any"}</option>}
        {props.options.map((option) => {
          const { value, label } = typeof option === "string" ? { value: option, label: option } : option;
          return (
            <option key={value} value={value}>
              {label}
            </option>
          );
        })}
      </select>
    </Field>
  );
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A day as YYYY-MM-DD, the way the tables write dates (a browser's date picker would show the
 * browser's locale, e.g. 11/26/2026). Applied on Enter or when leaving the field; anything else
 * is pointed out, not sent.
 */
export function DateFilter(props: { label: string; value: string | null; onChange: (value: string | null) => void }) {
  const id = useId();
  const [draft, setDraft] = useState(props.value ?? "");
  const [invalid, setInvalid] = useState(false);
  const { value, onChange } = props;
  useEffect(() => {
    setDraft(value ?? "");
    setInvalid(false);
  }, [value]);
  const commit = (text: string) => {
    const day = text.trim();
    if (day === "") {
      setInvalid(false);
      if (value !== null) onChange(null);
      return;
    }
    const valid =
      ISO_DAY.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day);
    setInvalid(!valid);
    if (valid && day !== value) onChange(day);
  };
  return (
    <Field label={props.label} htmlFor={id}>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        placeholder="YYYY-MM-DD"
        maxLength={10}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${id}-error` : undefined}
        className={`${inputClass} tabular-nums ${invalid ? "border-red-400 focus:border-red-500 focus:ring-red-500" : ""}`}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter") commit(event.currentTarget.value);
        }}
        onBlur={(event) => commit(event.currentTarget.value)}
      />
      {invalid ? (
        <p id={`${id}-error`} className="mt-0.5 text-xs text-red-700">
          A day as YYYY-MM-DD
        </p>
      ) : null}
    </Field>
  );
}

/** Several values of one filter (e.g. statuses), as a group of checkboxes. */
export function MultiChoiceFilter(props: {
  label: string;
  values: string[];
  options: readonly string[];
  onChange: (values: string[]) => void;
  render?: (value: string) => ReactNode;
}) {
  return (
    <fieldset className="min-w-[16rem] flex-[2_1_36rem]">
      <legend className="mb-0.5 block text-xs font-medium text-slate-600">{props.label}</legend>
      <div className="flex min-h-[30px] flex-wrap items-center gap-x-3 gap-y-1 rounded border border-slate-300 bg-white px-2 py-0.5 shadow-sm">
        {props.options.map((option) => (
          <label key={option} className="inline-flex cursor-pointer items-center gap-1 text-sm">
            <input
              type="checkbox"
              className="rounded border-slate-300 text-sky-600 focus:ring-sky-500"
              checked={props.values.includes(option)}
              onChange={(event) =>
                props.onChange(event.target.checked ? [...props.values, option] : props.values.filter((value) => value !== option))
              }
            />
            {props.render ? props.render(option) : option}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function FilterBar({ children, actions }: { children: ReactNode; actions?: ReactNode }) {
  return (
    <search className="mb-3 flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-slate-50 p-3">
      {children}
      <div className="ml-auto flex items-end gap-2">{actions}</div>
    </search>
  );
}

export const buttonClass =
  "inline-flex items-center gap-1 rounded border border-slate-300 bg-white px-3 py-1 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500";
