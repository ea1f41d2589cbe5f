package id.presensi.jobs;

import id.presensi.db.Database;
import org.jdbi.v3.core.Jdbi;
import org.springframework.batch.core.configuration.support.JdbcDefaultBatchConfiguration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.jdbc.support.JdbcTransactionManager;

import javax.sql.DataSource;

/**
 * The batch infrastructure every job shares: a JDBC job repository in PostgreSQL (tables from migration V2)
 * on the caller's connection pool, and a transaction manager over it.
 */
@Configuration(proxyBeanMethods = false)
public class BatchInfrastructure extends JdbcDefaultBatchConfiguration {

    @Bean
    public DataSourceTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource);
    }

    /** Jdbi on the job's transactions: statements join the chunk or tasklet transaction Spring Batch opened. */
    @Bean
    public Jdbi jobJdbi(DataSource dataSource) {
        return Database.jdbi(new TransactionAwareDataSourceProxy(dataSource));
    }

    /** A context holding the given database and job configurations; close it when the job is done. */
    public static AnnotationConfigApplicationContext context(Database database, Object request, Class<?>... jobConfigurations) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        // Wrapped so that closing the context does not close the caller's pool (Spring closes AutoCloseable beans).
        context.registerBean("dataSource", DataSource.class, () -> new DelegatingDataSource(database.dataSource()));
        context.registerBean(request.getClass().getName(), (Class<Object>) request.getClass(), () -> request);
        context.register(BatchInfrastructure.class);
        context.register(jobConfigurations);
        context.refresh();
        return context;
    }
}
