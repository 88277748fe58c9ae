/** A product that asks for its options says so on its tile; the others do not. */
import { render, screen, within } from '@testing-library/react';
import { counterCatalog, KOPI } from '../../test/counterFixtures';
import { ProductGrid } from './ProductGrid';

describe('product grid options marker', () => {
  it('marks only the products with option groups', () => {
    render(<ProductGrid catalog={counterCatalog} onAdd={() => {}} />);
    expect(within(screen.getByTestId(`product-${KOPI.sku}`)).getByTestId(`product-has-options-${KOPI.sku}`)).toHaveTextContent(
      '+ pilihan',
    );
    const others = counterCatalog.products.filter((p) => p.id !== KOPI.id);
    expect(others.length).toBeGreaterThan(0);
    for (const p of others) {
      expect(screen.queryByTestId(`product-has-options-${p.sku}`)).toBeNull();
    }
  });
});
