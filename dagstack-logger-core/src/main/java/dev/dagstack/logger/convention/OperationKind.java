package dev.dagstack.logger.convention;

import java.util.Set;

/**
 * The {@code operation.kind} values of spec §5.1. Applications add their own through
 * {@link ConventionsConfig.Builder#operationKinds}; any other kind is reported on the diagnostic
 * channel the first time it is used (the records are still written).
 */
public final class OperationKind {

  /** Building or refreshing an index. */
  public static final String INDEXING = "indexing";
  /** Answering a query. */
  public static final String QUERY = "query";
  /** A lifecycle step of a business object (placing an order, starting a job). */
  public static final String LIFECYCLE = "lifecycle";
  /** A hook or callback run on behalf of someone else. */
  public static final String HOOK = "hook";
  /** Housekeeping: cleanup, compaction, migration. */
  public static final String MAINTENANCE = "maintenance";
  /** An administrative action (an import, a reconfiguration). */
  public static final String ADMIN = "admin";

  /** The six kinds of the spec. */
  public static final Set<String> STANDARD =
      Set.of(INDEXING, QUERY, LIFECYCLE, HOOK, MAINTENANCE, ADMIN);

  private OperationKind() {}
}
