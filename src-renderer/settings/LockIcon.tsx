// A padlock drawn in SVG: emoji fonts are not installed on every wall machine.
export function LockIcon(props: { label?: string }) {
  return (
    <svg className="st-lock-icon" viewBox="0 0 16 16" width="1em" height="1em" aria-label={props.label} role={props.label ? 'img' : undefined} aria-hidden={props.label ? undefined : true}>
      <path d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <rect x="2.5" y="7" width="11" height="8" rx="1.5" fill="currentColor" />
    </svg>
  );
}
