/** The change feed and the receipt settings of issue 13 (logo kept per paper width). */
import { invalidatedBy } from './events';
import { queryKeys } from './queryKeys';

describe('invalidatedBy: receipt settings', () => {
  it('a printer settings change refreshes the logo (Rust returns it for the saved paper width) and the preview', () => {
    const keys = invalidatedBy({ type: 'settingsChanged', section: 'printer' });
    expect(keys, 'a new paper width or a logo picked elsewhere shows at once').toContainEqual(
      queryKeys.receiptSettings.logo,
    );
    expect(keys).toContainEqual(queryKeys.printing.previewAll);
  });
});
