fn main() {
    let raw = std::fs::read(std::env::args().nth(1).unwrap()).unwrap();
    let m = rebound::mail::Mail::parse(&raw).unwrap();
    println!("{}", m.body);
}
