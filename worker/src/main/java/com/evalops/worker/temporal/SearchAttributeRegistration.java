package com.evalops.worker.temporal;

import com.evalops.workflows.audit.RunbookSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the runbooks' custom search attributes on the server before the worker polls: a
 * workflow that upserts an unregistered attribute fails every task. Works on a cluster and on the
 * embedded test server; attributes already there are left alone.
 */
public final class SearchAttributeRegistration {
  private static final Logger log = LoggerFactory.getLogger(SearchAttributeRegistration.class);

  private SearchAttributeRegistration() {}

  public static void register(WorkflowServiceStubs service, String namespace) {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(service.getRawChannel())
                .validateAndBuildWithDefaults());
    try {
      Set<String> existing = existing(operator, namespace);
      Map<String, IndexedValueType> missing = new TreeMap<>();
      for (SearchAttributeKey<?> key : RunbookSearchAttributes.ALL) {
        if (!existing.contains(key.getName())) {
          missing.put(key.getName(), key.getValueType());
        }
      }
      if (missing.isEmpty()) {
        log.info("Search attributes: all {} registered", RunbookSearchAttributes.ALL.size());
        return;
      }
      try {
        operator
            .blockingStub()
            .addSearchAttributes(
                AddSearchAttributesRequest.newBuilder()
                    .setNamespace(namespace)
                    .putAllSearchAttributes(missing)
                    .build());
        log.info("Search attributes: registered {}", missing.keySet());
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
          throw new IllegalStateException(
              "cannot register search attributes "
                  + missing.keySet()
                  + " in namespace "
                  + namespace
                  + ": "
                  + e.getStatus(),
              e);
        }
        log.info("Search attributes: already registered by another worker");
      }
    } finally {
      operator.shutdown();
    }
  }

  private static Set<String> existing(OperatorServiceStubs operator, String namespace) {
    try {
      return operator
          .blockingStub()
          .listSearchAttributes(
              ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build())
          .getCustomAttributesMap()
          .keySet();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return Set.of();
      }
      throw e;
    }
  }
}
