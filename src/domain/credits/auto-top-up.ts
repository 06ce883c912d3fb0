// Auto top-up: when a debit takes the balance below the threshold, buy the chosen pack once. The setting is
// disarmed by the purchase it requests and re-armed only when a grant lifts the balance back to the threshold,
// so one crossing buys at most once and a failing card is never retried in a loop.

export interface AutoTopUpSetting {
  enabled: boolean;
  packId: string | null;
  threshold: number | null;
  armed: boolean;
}

/** Whether a debit leaving `balanceAfter` should request a top-up purchase. */
export function topUpDue(setting: AutoTopUpSetting, balanceAfter: number): boolean {
  if (!setting.enabled || !setting.armed || setting.packId === null || setting.threshold === null) return false;
  return balanceAfter < setting.threshold;
}

/** Armed again once a grant brings the balance to the threshold or above. */
export function armedAfterGrant(setting: AutoTopUpSetting, balanceAfterGrant: number): boolean {
  if (setting.armed) return true;
  return setting.threshold !== null && balanceAfterGrant >= setting.threshold;
}
