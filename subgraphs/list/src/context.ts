import type { CallerContext } from '@cassette/common';

import type { ItemLoader } from './data/item-loader';

export interface ListContext extends CallerContext {
  items: ItemLoader;
}
