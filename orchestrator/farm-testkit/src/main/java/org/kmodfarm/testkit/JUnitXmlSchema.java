package org.kmodfarm.testkit;

import java.io.IOException;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.xml.sax.SAXException;

/** The JUnit XML format CI servers read, as an XML schema ({@code junit-ci.xsd}, which says where it comes from). */
public final class JUnitXmlSchema {
    private JUnitXmlSchema() {
    }

    /** Throws with the first violation (line, column, what) when {@code xml} does not follow the format. */
    public static void validate(String xml) throws SAXException, IOException {
        Schema schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(JUnitXmlSchema.class.getResource("junit-ci.xsd"));
        schema.newValidator().validate(new StreamSource(new StringReader(xml)));
    }
}
