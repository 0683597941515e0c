mod tui_support;
use cabletriage::tui::ColorMode;
use cabletriage::tui::testing::press;
#[test]
fn peek() {
    for (w, h) in [(80u16, 24u16), (120, 40), (30, 8)] {
        let mut a = tui_support::app(30, w, h, ColorMode::None);
        println!("{}", tui_support::screen(&a).join("\n"));
        press(&mut a, "j <enter>");
        tui_support::deliver(&mut a);
        println!("{}", tui_support::screen(&a).join("\n"));
        press(&mut a, "<esc> / h a r");
        println!("{}", tui_support::screen(&a).join("\n"));
        press(&mut a, "<esc> ?");
        println!("{}", tui_support::screen(&a).join("\n"));
    }
}
