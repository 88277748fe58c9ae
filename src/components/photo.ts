import type { SyntheticEvent } from 'react';

/**
 * `onError` of a product photo: a thumbnail whose file is gone (a database restored on another
 * PC, a folder cleaned by hand) leaves its grey frame instead of a broken-image icon.
 */
export function hideMissingPhoto(event: SyntheticEvent<HTMLImageElement>) {
  event.currentTarget.style.visibility = 'hidden';
}
