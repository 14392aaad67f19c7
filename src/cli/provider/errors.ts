/** What can go wrong while building, installing or packaging the provider; each says what to do. */
export type ProviderPackagingErrorCode =
  | 'BUNDLE_MISSING'
  | 'BUNDLE_FAILED'
  | 'EXECUTABLE_BUILD_FAILED'
  | 'NOT_INSTALLED'
  | 'SIGNING_FAILED'
  | 'BAD_OPTION';

export class ProviderPackagingError extends Error {
  constructor(
    readonly code: ProviderPackagingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderPackagingError';
  }
}
