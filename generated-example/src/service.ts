/** Service identity, fixed when the service was generated. */
export const SERVICE = {
  name: 'bank-service',
  /** ISO 4217 code of the currency accounts open in by default. */
  baseCurrency: 'EUR',
  /** Digits after the decimal point of the base currency; amounts are integer minor units. */
  baseCurrencyMinorUnits: 2,
} as const;
