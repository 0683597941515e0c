//! The throwaway PostgreSQL cluster the database-journal tests run on: it answers on its Unix
//! socket and on 127.0.0.1, and a cluster dropped is stopped and its directory removed.

mod pg_support;

#[test]
fn the_cluster_answers_on_its_socket_and_on_loopback() {
    let Some(c) = pg_support::shared() else {
        return;
    };
    let db = c.database("answers");
    let mut sock = c.client(&db, pg_support::ADMIN);
    let row = sock.query_one("SELECT current_user::text", &[]).unwrap();
    assert_eq!(row.get::<_, String>(0), pg_support::ADMIN);
    let mut tcp = postgres::Client::connect(&c.tcp_url(&db, pg_support::ADMIN), postgres::NoTls)
        .expect("TCP on 127.0.0.1");
    let addr: String = tcp
        .query_one("SELECT host(inet_server_addr())", &[])
        .unwrap()
        .get(0);
    assert_eq!(addr, "127.0.0.1");
    let listen: String = tcp.query_one("SHOW listen_addresses", &[]).unwrap().get(0);
    assert_eq!(listen, "127.0.0.1", "never on other interfaces");
}

#[test]
fn a_dropped_cluster_is_stopped_and_removed() {
    if pg_support::bin_dir().is_none() {
        eprintln!("skipping: no PostgreSQL binaries");
        return;
    }
    let c = pg_support::Cluster::start(false).expect("cluster");
    let (dir, url) = (c.dir.clone(), c.url("postgres", pg_support::ADMIN));
    assert!(postgres::Client::connect(&url, postgres::NoTls).is_ok());
    drop(c);
    assert!(!dir.exists(), "{} left behind", dir.display());
    assert!(
        postgres::Client::connect(&url, postgres::NoTls).is_err(),
        "the server still answers"
    );
}
