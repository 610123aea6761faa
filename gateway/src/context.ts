import type { ServiceContext } from '@cassette/common';

import type { Principal } from './auth/authenticate';

/** A gateway request's context: its scope and who is calling. */
export interface GatewayContext extends ServiceContext {
  principal: Principal;
}
