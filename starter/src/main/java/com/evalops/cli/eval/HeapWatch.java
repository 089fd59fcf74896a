package com.evalops.cli.eval;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The most heap a run kept after any garbage collection: what the run really needed at once, unlike
 * the heap's size, which the collector grows up to the limit whenever it may.
 */
final class HeapWatch {
  private final AtomicLong maxAfterGc = new AtomicLong();
  private final Set<String> heapPools = new HashSet<>();

  static HeapWatch start() {
    HeapWatch watch = new HeapWatch();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        watch.heapPools.add(pool.getName());
      }
    }
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(
            (notification, handback) -> {
              if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                  notification.getType())) {
                watch.record(
                    GarbageCollectionNotificationInfo.from(
                        (CompositeData) notification.getUserData()));
              }
            },
            null,
            null);
      }
    }
    return watch;
  }

  private void record(GarbageCollectionNotificationInfo info) {
    long used = 0;
    for (Map.Entry<String, MemoryUsage> pool :
        info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(pool.getKey())) {
        used += pool.getValue().getUsed();
      }
    }
    maxAfterGc.accumulateAndGet(used, Math::max);
  }

  long maxBytesAfterGc() {
    return maxAfterGc.get();
  }
}
