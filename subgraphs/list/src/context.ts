import type { ServiceContext } from '@cassette/common';

import type { ItemLoader } from './data/item-loader';

export interface ListContext extends ServiceContext {
  tenant: string;
  items: ItemLoader;
}
