// Which due work (renewals, retries, expiries) a run may claim: that of workspaces on the system clock (the
// periodic jobs), or one workspace's (its test clock being advanced).
export type DueScope = { kind: 'system_clock' } | { kind: 'workspace'; workspaceId: string };
