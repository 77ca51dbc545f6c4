package io.sluice.testkit;

import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One in-process HDFS (Hadoop's own {@code MiniDFSCluster}: a name node and a data node on 127.0.0.1) per test JVM,
 * handed to tests that ask for a {@link MiniDFSCluster} and shut down after the JVM's tests. With one data node, a
 * client writes one replica ({@link #client}): appending to a file of three wanted replicas would need a pipeline of
 * data nodes this cluster does not have.
 */
public final class MiniHdfs implements ParameterResolver {
  private static final String KEY = "sluice.hdfs";

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == MiniDFSCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(KEY, k -> new Cluster(), Cluster.class).hdfs;
  }

  /** Settings a client of this one-node HDFS needs (set them in the Spark session's Hadoop configuration). */
  public static void client(Configuration conf) {
    conf.setInt("dfs.replication", 1);
    conf.setBoolean("dfs.client.block.write.replace-datanode-on-failure.enable", false);
  }

  private static final class Cluster implements ExtensionContext.Store.CloseableResource {
    final MiniDFSCluster hdfs;

    Cluster() {
      try {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, Files.createTempDirectory("sluice-hdfs").toString());
        conf.setInt("dfs.replication", 1);
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the in-process HDFS", e);
      }
    }

    @Override
    public void close() {
      hdfs.shutdown(true);
    }
  }
}
