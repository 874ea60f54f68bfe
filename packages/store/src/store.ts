import type { ConversationsAdapter, StoreAdapters } from './adapter.js';
import type { Store } from './api.js';
import { createConversationsService } from './conversations/index.js';
import { createFeaturesService } from './features/index.js';
import { createSchedulesService } from './schedules/index.js';

/** Forwards calls to an adapter made on first use, so a store that never touches conversations never opens their database. */
function onFirstUse<T extends object>(make: () => T): T {
  let instance: T | undefined;
  return new Proxy({} as T, {
    get(_, prop) {
      return (...args: unknown[]) => {
        instance ??= make();
        const method = instance[prop as keyof T] as unknown as (...a: unknown[]) => unknown;
        return method.apply(instance, args);
      };
    },
  });
}

/** The Store API over one dialect's adapters: the same services, whichever dialect serves them. */
export function createStore(adapters: StoreAdapters): Store {
  return {
    features: createFeaturesService(adapters.features),
    schedules: createSchedulesService(adapters.schedules),
    conversations: createConversationsService(onFirstUse<ConversationsAdapter>(adapters.conversations)),
    featureList: {
      async import(projectDir, options = {}) {
        return adapters.featureList.import(projectDir, options);
      },
      async export(options = {}) {
        return adapters.featureList.export(options);
      },
    },
    async close() {
      await adapters.close();
    },
  };
}
